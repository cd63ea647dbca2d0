package io.tunestream.examples.watcher.domain;

import io.tunestream.events.DeploymentAction;
import io.tunestream.events.DeploymentEvent;
import io.tunestream.schemas.Identifiers;

import java.util.Optional;

/**
 * Turns a deployment event into the state of the alias it moved, or into the reason the watcher has nothing to
 * reconcile for it. PROMOTE and ROLLBACK move an alias; ARCHIVE names no alias (the registry refuses to archive a
 * version an alias points to), so it changes no object.
 *
 * @param state  the alias' new state, when the event moves an alias
 * @param skip   why not, otherwise
 */
public record DeploymentPlan(Optional<AliasState> state, Optional<Skip> skip) {

    /** Why an event changes no object; each is counted under its own name. */
    public enum Skip {
        /** An archive event: no alias points to an archived version. */
        ARCHIVE("archive"),
        /** A promote or rollback without an alias, or with a model name or alias that is not an identifier. */
        INVALID("invalid-event");

        private final String reason;

        Skip(String reason) {
            this.reason = reason;
        }

        /** The reason as counted and logged. */
        public String reason() {
            return reason;
        }
    }

    /** Plans an event read at {@code partition}/{@code offset}. */
    public static DeploymentPlan of(DeploymentEvent event, int partition, long offset) {
        if (event.getAction() == DeploymentAction.ARCHIVE) {
            return skip(Skip.ARCHIVE);
        }
        String alias = event.getAlias();
        if (alias == null || !Identifiers.isValid(alias) || !Identifiers.isValid(event.getModelName())
                || event.getEventId() == null || event.getEventId().isBlank()) {
            return skip(Skip.INVALID);
        }
        EventPosition position = new EventPosition(partition, offset, event.getProducedAt().toEpochMilli());
        return new DeploymentPlan(Optional.of(new AliasState(event.getModelName(), alias, event.getVersion(),
                event.getPreviousVersion(), event.getAction().name(), event.getArtifactUri(),
                event.getArtifactSha256(), event.getBaseModel(), event.getResources(), event.getEventId(),
                event.getActor(), position)), Optional.empty());
    }

    private static DeploymentPlan skip(Skip reason) {
        return new DeploymentPlan(Optional.empty(), Optional.of(reason));
    }
}
