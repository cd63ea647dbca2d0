package io.tunestream.registry.domain;

import io.tunestream.events.DeploymentAction;
import io.tunestream.events.DeploymentEvent;
import io.tunestream.events.Evaluation;
import io.tunestream.events.ModelStatus;
import io.tunestream.events.ModelVersion;
import io.tunestream.events.PromotionPolicy;
import io.tunestream.schemas.RecipeLineage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tunestream.registry.domain.RegistryRejection.Kind.CONFLICT;
import static io.tunestream.registry.domain.RegistryRejection.Kind.INVALID;

/**
 * The registry's state transitions, pure: register a version from an evaluation (monotonic per name,
 * idempotent by evaluation id; a blessed one gets the alias its recipe's promotion policy or the auto-promotion
 * setting names), promote a version to an alias, roll an alias back to its previous holder, and
 * archive a version. Each returns a {@link Decision} to be written atomically, or throws
 * {@link RegistryRejection} with a reason a caller can act on.
 */
public class ModelRegistry {

    /** Actor named on deployment events that the auto-promotion policy caused. */
    public static final String POLICY_ACTOR = "policy:auto-promote";
    /** Prefix of the actor named on deployment events a training recipe's promotion policy caused. */
    public static final String RECIPE_ACTOR_PREFIX = "policy:recipe ";
    /** Alias a recipe with promotion policy CHALLENGER gives a blessed version. */
    public static final String CHALLENGER = "challenger";

    private final RegistryPolicy policy;
    private final AliasMoves moves;

    /**
     * @param policy registration and promotion rules
     * @param links  the download URLs deployment events name the weights by
     */
    public ModelRegistry(RegistryPolicy policy, ArtifactLinks links) {
        this.policy = policy;
        this.moves = new AliasMoves(policy.resources(), links);
    }

    /**
     * Registers a new version from an evaluation; a duplicate evaluation or an unblessed one (unless the policy
     * registers those) changes nothing. A blessed version of a model whose policy says so becomes champion.
     */
    public Decision register(RegistryState state, Evaluation evaluation, ArtifactStorer artifacts, Instant now) {
        String name = ModelNames.requireName(evaluation.getModelName());
        var existing = state.versionOfEvaluation(evaluation.getEvaluationId());
        if (existing.isPresent()) {
            return Decision.nothing("duplicate evaluation " + evaluation.getEvaluationId()
                    + ": already version " + existing.get() + " of " + name);
        }
        if (!evaluation.getBlessed() && !policy.registerUnblessed()) {
            return Decision.nothing("evaluation " + evaluation.getEvaluationId() + " is not blessed: "
                    + String.join("; ", evaluation.getReasons()));
        }
        ModelHead head = state.head(name);
        int version = head.latestVersion() + 1;
        ArtifactStorer.StoredArtifact artifact = evaluation.getArtifactUri() == null ? null
                : artifacts.store(name, version, evaluation.getArtifactUri(), evaluation.getArtifactSha256());
        ModelVersion created = newVersion(evaluation, version, artifact, now);
        Decision registered = new Decision(List.of(created), head.withLatestVersion(version), List.of(),
                evaluation.getEvaluationId(), "registered version " + version + " of " + name);
        Optional<String> alias = automaticAlias(evaluation, name);
        if (alias.isEmpty()) {
            return registered;
        }
        Map<String, String> lineage = evaluation.getLineage().getConfig();
        String actor = lineage.containsKey(RecipeLineage.PROMOTION)
                ? RECIPE_ACTOR_PREFIX + lineage.get(RecipeLineage.RECIPE) : POLICY_ACTOR;
        RegistryState after = new OverlayState(state, registered);
        Decision promoted = moves.promote(after, after.head(name), created, alias.get(),
                evaluation.getEvaluationId() + ":auto-promote", actor, now);
        return merge(registered, promoted);
    }

    /**
     * The alias a new version gets without a person: none when unblessed; for a model made by a training recipe,
     * what the recipe's promotion policy says (NONE, CHALLENGER, CHAMPION), which overrides the registry's
     * auto-promotion setting; otherwise champion when that setting promotes the model.
     */
    private Optional<String> automaticAlias(Evaluation evaluation, String name) {
        if (!evaluation.getBlessed()) {
            return Optional.empty();
        }
        Optional<PromotionPolicy> recipe = RecipeLineage.promotion(evaluation.getLineage().getConfig());
        if (recipe.isPresent()) {
            return switch (recipe.get()) {
                case NONE -> Optional.empty();
                case CHALLENGER -> Optional.of(CHALLENGER);
                case CHAMPION -> Optional.of(ModelNames.CHAMPION);
            };
        }
        return policy.autoPromotes(name) ? Optional.of(ModelNames.CHAMPION) : Optional.empty();
    }

    /** Points an alias at a version; an unblessed version becomes champion only when forced. */
    public Decision promote(RegistryState state, RegistryCommand command, Instant now) {
        String name = ModelNames.requireName(command.modelName());
        String alias = ModelNames.requireAlias(command.alias());
        if (command.version() == null) {
            throw new RegistryRejection(INVALID, "promote needs a version");
        }
        ModelVersion target = moves.existing(state, name, command.version());
        if (target.getStatus() == ModelStatus.ARCHIVED) {
            throw new RegistryRejection(CONFLICT, "version " + target.getVersion() + " of " + name
                    + " is archived and cannot be promoted");
        }
        if (ModelNames.CHAMPION.equals(alias) && !target.getBlessed() && !command.force()) {
            throw new RegistryRejection(RegistryRejection.Kind.FORBIDDEN, "version " + target.getVersion() + " of "
                    + name + " was not blessed by its evaluation; promote it to champion with force=true");
        }
        return moves.promote(state, state.head(name), target, alias, command.commandId(), command.actor(), now);
    }

    /** Moves an alias back to the version it pointed to before its current holder. */
    public Decision rollback(RegistryState state, RegistryCommand command, Instant now) {
        String name = ModelNames.requireName(command.modelName());
        String alias = ModelNames.requireAlias(command.alias());
        return moves.rollback(state, state.head(name), alias, command.commandId(), command.actor(), now);
    }

    /** Archives a version that no alias points to; it can no longer be promoted. */
    public Decision archive(RegistryState state, RegistryCommand command, Instant now) {
        String name = ModelNames.requireName(command.modelName());
        if (command.version() == null) {
            throw new RegistryRejection(INVALID, "archive needs a version");
        }
        ModelVersion target = moves.existing(state, name, command.version());
        if (target.getStatus() == ModelStatus.ARCHIVED) {
            throw new RegistryRejection(CONFLICT, "version " + target.getVersion() + " of " + name + " is already archived");
        }
        if (!target.getAliases().isEmpty()) {
            throw new RegistryRejection(CONFLICT, "version " + target.getVersion() + " of " + name + " holds "
                    + target.getAliases() + "; move those aliases first");
        }
        ModelVersion archived = Versions.withStatus(target, ModelStatus.ARCHIVED);
        DeploymentEvent event = moves.event(command.commandId(), archived, null, null, DeploymentAction.ARCHIVE,
                command.actor(), now);
        return new Decision(List.of(archived), state.head(name), List.of(event), null,
                "archived version " + target.getVersion() + " of " + name);
    }

    /** Applies a command of any kind. */
    public Decision apply(RegistryState state, RegistryCommand command, Instant now) {
        if (command.action() == null) {
            throw new RegistryRejection(INVALID, "command without an action");
        }
        return switch (command.action()) {
            case PROMOTE -> promote(state, command, now);
            case ROLLBACK -> rollback(state, command, now);
            case ARCHIVE -> archive(state, command, now);
        };
    }

    private static ModelVersion newVersion(Evaluation evaluation, int version,
                                           ArtifactStorer.StoredArtifact artifact, Instant now) {
        return ModelVersion.newBuilder()
                .setName(evaluation.getModelName())
                .setVersion(version)
                .setAliases(new ArrayList<>())
                .setStatus(ModelStatus.REGISTERED)
                .setEvaluationId(evaluation.getEvaluationId())
                .setBlessed(evaluation.getBlessed())
                .setLineage(evaluation.getLineage())
                .setMetrics(evaluation.getMetrics())
                .setArtifactUri(artifact == null ? null : artifact.uri())
                .setArtifactSha256(artifact == null ? null : artifact.sha256())
                .setCreatedAt(now)
                .build();
    }

    private static Decision merge(Decision first, Decision second) {
        List<ModelVersion> versions = new ArrayList<>(second.versions());
        first.versions().stream()
                .filter(v -> second.versions().stream().noneMatch(s -> s.getVersion() == v.getVersion()))
                .forEach(v -> versions.add(0, v));
        List<DeploymentEvent> events = new ArrayList<>(first.events());
        events.addAll(second.events());
        return new Decision(versions, second.head(), events, first.evaluationId(), first.note() + "; " + second.note());
    }
}
