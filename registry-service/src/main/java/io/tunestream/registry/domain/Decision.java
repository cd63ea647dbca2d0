package io.tunestream.registry.domain;

import io.tunestream.events.DeploymentEvent;
import io.tunestream.events.ModelVersion;

import java.util.List;
import java.util.Optional;

/**
 * What a registry operation changes, to be written atomically: the versions to upsert (on the models topic and
 * in the store), the new head, the deployment events (in order), and, for a registration, the evaluation id
 * to remember.
 *
 * @param versions        changed versions, full records
 * @param head            the model's new head (null when nothing changed)
 * @param events          deployment events, in the order they happened
 * @param evaluationId    evaluation that produced a new version (null otherwise)
 * @param note            why nothing changed, when nothing did (duplicate, unblessed)
 */
public record Decision(List<ModelVersion> versions, ModelHead head, List<DeploymentEvent> events,
                       String evaluationId, String note) {

    public Decision {
        versions = List.copyOf(versions);
        events = List.copyOf(events);
    }

    /** Nothing changes, for the given reason. */
    public static Decision nothing(String note) {
        return new Decision(List.of(), null, List.of(), null, note);
    }

    /** Whether this decision changes anything. */
    public boolean changesState() {
        return head != null;
    }

    /** The first deployment event, if any. */
    public Optional<DeploymentEvent> firstEvent() {
        return events.stream().findFirst();
    }
}
