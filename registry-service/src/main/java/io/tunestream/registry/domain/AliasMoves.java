package io.tunestream.registry.domain;

import io.tunestream.events.DeploymentAction;
import io.tunestream.events.DeploymentEvent;
import io.tunestream.events.ModelStatus;
import io.tunestream.events.ModelVersion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tunestream.registry.domain.RegistryRejection.Kind.CONFLICT;
import static io.tunestream.registry.domain.RegistryRejection.Kind.NOT_FOUND;

/**
 * Moving an alias between versions (promote, rollback) and the deployment events that announce it. An event names
 * the weights by the registry's download URL ({@link ArtifactLinks}), which a cluster can fetch, never by the
 * {@code file:} path of the registry's own volume.
 */
final class AliasMoves {

    private final Map<String, String> resources;
    private final ArtifactLinks links;

    AliasMoves(Map<String, String> resources, ArtifactLinks links) {
        this.resources = resources;
        this.links = links;
    }

    ModelVersion existing(RegistryState state, String name, int version) {
        return state.version(name, version).orElseThrow(() -> new RegistryRejection(NOT_FOUND,
                "model " + name + " has no version " + version));
    }

    Decision promote(RegistryState state, ModelHead head, ModelVersion target, String alias, String eventId,
                     String actor, Instant now) {
        Integer previous = head.holder(alias).orElse(null);
        if (previous != null && previous == target.getVersion()) {
            throw new RegistryRejection(CONFLICT, "alias " + alias + " of " + head.name()
                    + " already points to version " + previous);
        }
        List<ModelVersion> changed = move(state, head.name(), alias, previous, target);
        ModelVersion holder = changed.get(changed.size() - 1);
        DeploymentEvent event = event(eventId, holder, previous, alias, DeploymentAction.PROMOTE, actor, now);
        return new Decision(changed, head.withAliasPushed(alias, target.getVersion()), List.of(event), null,
                "alias " + alias + " of " + head.name() + " now points to version " + target.getVersion());
    }

    Decision rollback(RegistryState state, ModelHead head, String alias, String eventId, String actor, Instant now) {
        List<Integer> history = head.aliasHistory().get(alias);
        if (history == null || history.isEmpty()) {
            throw new RegistryRejection(NOT_FOUND, "model " + head.name() + " has no alias " + alias);
        }
        if (history.size() < 2) {
            throw new RegistryRejection(CONFLICT, "alias " + alias + " of " + head.name()
                    + " has no previous version to roll back to");
        }
        int current = history.get(history.size() - 1);
        ModelVersion target = existing(state, head.name(), history.get(history.size() - 2));
        if (target.getStatus() == ModelStatus.ARCHIVED) {
            throw new RegistryRejection(CONFLICT, "alias " + alias + " of " + head.name() + " would roll back to version "
                    + target.getVersion() + ", which is archived; promote a version explicitly instead");
        }
        List<ModelVersion> changed = move(state, head.name(), alias, current, target);
        ModelVersion holder = changed.get(changed.size() - 1);
        DeploymentEvent event = event(eventId, holder, current, alias, DeploymentAction.ROLLBACK, actor, now);
        return new Decision(changed, head.withAliasPopped(alias), List.of(event), null,
                "alias " + alias + " of " + head.name() + " rolled back to version " + target.getVersion());
    }

    DeploymentEvent event(String eventId, ModelVersion version, Integer previous, String alias,
                          DeploymentAction action, String actor, Instant now) {
        return DeploymentEvent.newBuilder()
                .setEventId(eventId)
                .setModelName(version.getName())
                .setVersion(version.getVersion())
                .setPreviousVersion(previous)
                .setAlias(alias)
                .setAction(action)
                .setArtifactUri(version.getArtifactUri() == null ? null
                        : links.artifact(version.getName(), version.getVersion()).toString())
                .setArtifactSha256(version.getArtifactSha256())
                .setBaseModel(version.getLineage() == null ? null : version.getLineage().getBaseModel())
                .setResources(resources)
                .setActor(actor)
                .setProducedAt(now)
                .build();
    }

    /** The versions that change: the previous holder loses the alias (first), the target gains it (last). */
    private List<ModelVersion> move(RegistryState state, String name, String alias, Integer previous,
                                    ModelVersion target) {
        List<ModelVersion> changed = new ArrayList<>();
        if (previous != null) {
            state.version(name, previous).ifPresent(old -> {
                List<String> aliases = new ArrayList<>(old.getAliases());
                aliases.remove(alias);
                changed.add(Versions.withAliases(old, aliases));
            });
        }
        List<String> aliases = new ArrayList<>(target.getAliases());
        aliases.add(alias);
        changed.add(Versions.withAliases(target, aliases));
        return changed;
    }
}
