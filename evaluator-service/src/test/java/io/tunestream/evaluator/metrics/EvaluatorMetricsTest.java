package io.tunestream.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EvaluatorMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EvaluatorMetrics metrics = new EvaluatorMetrics(registry);

    private double sample(String name, String labels) {
        return registry.scrape().lines().filter(l -> l.startsWith(name + "{") && l.contains(labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(Double.NaN);
    }

    @Test
    void shouldReadTheRunningEvaluationsAtEachScrape() {
        // Given
        AtomicInteger running = new AtomicInteger();
        metrics.bindRunning(running::get);
        String gauge = "tunestream_evaluator_evaluations_running ";

        // When / Then
        running.set(1);
        assertThat(registry.scrape()).contains(gauge + "1.0");
        running.set(0);
        assertThat(registry.scrape()).contains(gauge + "0.0");
    }

    @Test
    void shouldExportALatencyHistogramWithPercentilesOfTopicScoringByOutcome() {
        // Given 100 answered requests of 1..100 ms and one error
        for (int ms = 1; ms <= 100; ms++) {
            metrics.scoredFromTopic("answered", Duration.ofMillis(ms));
        }
        metrics.scoredFromTopic("error", Duration.ofMillis(3));

        // When Prometheus scrapes
        String name = "tunestream_evaluator_scoring_topic_seconds";

        // Then counts, cumulative buckets and percentiles describe each outcome on its own
        assertThat(sample(name + "_count", "outcome=\"answered\"")).isEqualTo(100);
        assertThat(sample(name + "_count", "outcome=\"error\"")).isEqualTo(1);
        assertThat(sample(name + "_bucket", "outcome=\"answered\",le=\"+Inf\"")).isEqualTo(100);
        assertThat(registry.scrape().lines().filter(l -> l.startsWith(name + "_bucket{") && l.contains("answered")))
                .hasSizeGreaterThan(10);
        assertThat(sample(name, "outcome=\"answered\",quantile=\"0.5\"")).isBetween(0.045, 0.055);
        assertThat(sample(name, "outcome=\"answered\",quantile=\"0.95\"")).isBetween(0.090, 0.100);
        assertThat(sample(name, "outcome=\"answered\",quantile=\"0.99\"")).isBetween(0.095, 0.105);
    }
}
