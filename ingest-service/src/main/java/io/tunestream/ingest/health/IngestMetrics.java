package io.tunestream.ingest.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.tunestream.ingest.domain.IngestCounts;
import io.tunestream.ingest.domain.RejectionReason;
import io.tunestream.ingest.messaging.IngestTopicListener;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Micrometer counters (exported on /q/metrics for Prometheus): records accepted and rejected by reason,
 * by source ({@code rest}, {@code topic}), and uploads by outcome.
 */
@ApplicationScoped
public class IngestMetrics implements IngestTopicListener {

    private static final String TOPIC = "topic";

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A committed upload: its accepted records and its skipped ones. */
    public void committed(String source, IngestCounts counts) {
        registry.counter("tunestream.ingest.records.accepted", "source", source).increment(counts.accepted());
        counts.rejected().forEach((reason, n) -> rejected(source, reason, n));
        registry.counter("tunestream.ingest.uploads", "source", source, "outcome", "committed").increment();
    }

    /** A failed upload, by the reason that failed it. */
    public void failed(String source, String reason) {
        registry.counter("tunestream.ingest.uploads", "source", source, "outcome", "failed", "reason", reason)
                .increment();
    }

    public void rejected(String source, RejectionReason reason, long n) {
        rejected(source, reason.name(), n);
    }

    /** A record of the ingest topic forwarded to raw. */
    @Override
    public void forwarded() {
        registry.counter("tunestream.ingest.records.accepted", "source", TOPIC).increment();
    }

    /** A record of the ingest topic dead-lettered. */
    @Override
    public void deadLettered(String reason) {
        rejected(TOPIC, reason, 1);
    }

    private void rejected(String source, String reason, long n) {
        registry.counter("tunestream.ingest.records.rejected", "source", source, "reason", reason).increment(n);
    }
}
