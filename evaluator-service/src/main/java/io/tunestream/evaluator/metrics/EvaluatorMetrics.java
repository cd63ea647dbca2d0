package io.tunestream.evaluator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Micrometer meters on /q/metrics (Prometheus) that the REST resource's {@code @Timed} scoring histogram does not
 * cover: how long each evaluation this instance ran took, by outcome ({@code done}, {@code failed}).
 */
@ApplicationScoped
public class EvaluatorMetrics {

    private final MeterRegistry registry;

    public EvaluatorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** An evaluation this instance ran has ended. */
    public void evaluated(String outcome, Duration took) {
        Timer.builder("tunestream.evaluator.evaluation.duration").tag("outcome", outcome)
                .description("Evaluation of a checkpoint: load, score the test split, compare, report, publish")
                .register(registry).record(took);
    }
}
