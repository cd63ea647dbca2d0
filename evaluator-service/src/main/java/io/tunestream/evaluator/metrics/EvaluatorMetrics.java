package io.tunestream.evaluator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Micrometer meters on /q/metrics (Prometheus) that the REST resources' {@code @Timed} histograms do not cover: how
 * many evaluations this instance is running (a gauge that moves while a job's checkpoint is evaluated), how long
 * each evaluation this instance ran took, by outcome ({@code done}, {@code failed}); and the latency of each
 * scoring request answered from the {@code scoring.requests} topic, by outcome, as a histogram (buckets for
 * {@code histogram_quantile}) with the median, 95th and 99th percentiles.
 */
@ApplicationScoped
public class EvaluatorMetrics {

    /** The Kafka scoring path's timer ({@code tunestream_evaluator_scoring_topic_seconds} in Prometheus). */
    public static final String SCORING_TOPIC = "tunestream.evaluator.scoring.topic";

    private final MeterRegistry registry;

    public EvaluatorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param running how many evaluations this instance is running, read at each scrape */
    public void bindRunning(Supplier<Number> running) {
        Gauge.builder("tunestream.evaluator.evaluations.running", running)
                .description("Evaluations this instance is running now").register(registry);
    }

    /** An evaluation this instance ran has ended. */
    public void evaluated(String outcome, Duration took) {
        Timer.builder("tunestream.evaluator.evaluation.duration").tag("outcome", outcome)
                .description("Evaluation of a checkpoint: load, score the test split, compare, report, publish")
                .register(registry).record(took);
    }

    /**
     * A scoring request from the topic has been answered.
     *
     * @param outcome {@code answered} (results sent), {@code error} (an answer that says why not) or
     *        {@code dead-lettered} (undecodable)
     * @param took from taking the record to the answer acknowledged by the broker
     */
    public void scoredFromTopic(String outcome, Duration took) {
        Timer.builder(SCORING_TOPIC).tag("outcome", outcome)
                .description("Latency of a scoring request from the topic: decode, resolve the model, score or "
                        + "generate, write the answer")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.95, 0.99)
                .register(registry).record(took);
    }
}
