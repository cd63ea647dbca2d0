package io.tunestream.examples.watcher.domain;

import java.util.Map;
import java.util.Objects;

/**
 * What one model alias should be deployed as, from the latest deployment event that moved it: the object the
 * watcher keeps in the cluster, one per (model, alias).
 *
 * @param model          model name
 * @param alias          alias (champion, challenger, ...)
 * @param version        version the alias points to
 * @param previousVersion version it pointed to before, or null
 * @param action         PROMOTE or ROLLBACK
 * @param artifactUri    where the cluster fetches the weights (the registry's download URL), or null
 * @param artifactSha256 their SHA-256, or null
 * @param baseModel      base model the weights apply to, or null
 * @param resources      resource hints (cpu, memory, nvidia.com/gpu)
 * @param eventId        id of the event that set this state
 * @param actor          who caused it
 * @param position       where that event sits in the log
 */
public record AliasState(String model, String alias, int version, Integer previousVersion, String action,
                         String artifactUri, String artifactSha256, String baseModel, Map<String, String> resources,
                         String eventId, String actor, EventPosition position) {

    public AliasState {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(position, "position");
        resources = Map.copyOf(resources);
    }
}
