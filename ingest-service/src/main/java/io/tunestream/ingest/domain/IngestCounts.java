package io.tunestream.ingest.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** What an ingestion accepted and rejected: records accepted, rejections by reason, accepted records by label. */
public final class IngestCounts {

    private long accepted;
    private final Map<RejectionReason, Long> rejected = new EnumMap<>(RejectionReason.class);
    private final Map<String, Long> labels = new TreeMap<>();

    /** Counts an accepted record under its label (regression records without a label are not in the histogram). */
    public void accept(ValidRecord record) {
        accepted++;
        if (record.label() != null) {
            labels.merge(record.label(), 1L, Long::sum);
        }
    }

    public void reject(RejectionReason reason) {
        rejected.merge(reason, 1L, Long::sum);
    }

    public long accepted() {
        return accepted;
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<RejectionReason, Long> rejected() {
        return Collections.unmodifiableMap(rejected);
    }

    public Map<String, Long> labels() {
        return Collections.unmodifiableMap(labels);
    }
}
