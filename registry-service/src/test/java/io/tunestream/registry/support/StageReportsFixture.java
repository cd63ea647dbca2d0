package io.tunestream.registry.support;

import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;

import java.time.Instant;
import java.util.Map;

/** Stage reports as the data stages publish them, for tests. */
public final class StageReportsFixture {

    private StageReportsFixture() {
    }

    /** The four reports of a dataset version: ingest, clean (drops by reason), split, augment (generated). */
    public static StageReport[] pipeline(String datasetId, String version) {
        return new StageReport[] {
            report(datasetId, version, "augment", 700, 900, 200, Map.of(), 0),
            report(datasetId, version, "ingest", 1_010, 1_000, 0, Map.of("EMPTY_TEXT", 6L), 4),
            report(datasetId, version, "clean", 1_000, 940, 0, Map.of("duplicate", 50L, "near-duplicate", 10L), 0),
            report(datasetId, version, "split", 940, 940, 0, Map.of(), 0),
        };
    }

    /** One report. */
    public static StageReport report(String datasetId, String version, String stage, long in, long out, long generated,
                                     Map<String, Long> dropped, long deadLettered) {
        return StageReport.newBuilder().setReportId(datasetId + "@" + version + "/" + stage).setDatasetId(datasetId)
                .setVersion(version).setStage(stage).setRecordsIn(in).setRecordsOut(out).setGenerated(generated)
                .setDropped(dropped).setDeadLettered(deadLettered).setStatus(StageStatus.COMPLETED)
                .setProducedAt(Instant.parse("2026-01-01T00:00:00Z")).build();
    }
}
