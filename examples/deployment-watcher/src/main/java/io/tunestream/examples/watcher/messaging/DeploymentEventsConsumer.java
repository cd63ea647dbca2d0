package io.tunestream.examples.watcher.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.tunestream.events.DeploymentEvent;
import io.tunestream.examples.watcher.domain.AliasState;
import io.tunestream.examples.watcher.domain.DeploymentPlan;
import io.tunestream.examples.watcher.kubernetes.AliasConfigMaps;
import io.tunestream.examples.watcher.kubernetes.AliasObjectReconciler;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Locale;

/**
 * Reads {@code deployments} and reconciles the object of the alias each event moves. One event at a time per
 * partition, in log order ({@code @Blocking}, ordered); the method returns only after the object is written (or
 * found up to date), and only then is the event acknowledged and its offset committed ({@code throttled}). An
 * event that changes no object is counted under its reason ({@code tunestream_watcher_events_total{outcome}}); a
 * Kubernetes API failure fails the channel (failure-strategy {@code fail}): readiness goes DOWN, the pod restarts,
 * and the event is read again from the last committed offset.
 */
@ApplicationScoped
public class DeploymentEventsConsumer {

    private static final Logger LOG = Logger.getLogger(DeploymentEventsConsumer.class);

    private final AliasObjectReconciler reconciler;
    private final MeterRegistry meters;

    DeploymentEventsConsumer(AliasObjectReconciler reconciler, MeterRegistry meters) {
        this.reconciler = reconciler;
        this.meters = meters;
    }

    @Incoming("deployment-events")
    @Blocking
    public void onEvent(ConsumerRecord<String, DeploymentEvent> record) {
        DeploymentEvent event = record.value();
        if (event == null) {
            boolean undecodable = record.headers().lastHeader(DeserializationFailureHandler.DESERIALIZATION_FAILURE_REASON) != null;
            count(undecodable ? "undecodable" : "empty", record);
            return;
        }
        DeploymentPlan plan = DeploymentPlan.of(event, record.partition(), record.offset());
        if (plan.state().isEmpty()) {
            count(plan.skip().orElseThrow().reason(), record);
            return;
        }
        AliasState state = plan.state().get();
        AliasObjectReconciler.Outcome outcome = reconciler.reconcile(state);
        LOG.infof("%s %s/%s -> version %d (%s, event %s at %s): %s", state.action(), state.model(), state.alias(),
                state.version(), reconciler.objectName(state.model(), state.alias()), state.eventId(),
                state.position(), outcome);
        if (outcome == AliasObjectReconciler.Outcome.NOT_OWNED) {
            LOG.errorf("object %s exists and is not managed by the watcher (label %s): event %s not applied",
                    reconciler.objectName(state.model(), state.alias()), AliasConfigMaps.MANAGED_BY, state.eventId());
        }
        meters.counter("tunestream_watcher_events", "outcome", outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .increment();
    }

    private void count(String reason, ConsumerRecord<String, DeploymentEvent> record) {
        LOG.warnf("deployment event at %s/%d changes no object: %s", record.topic(), record.offset(), reason);
        meters.counter("tunestream_watcher_events", "outcome", reason).increment();
    }
}
