package io.tunestream.registry.streams;

import io.tunestream.events.StageReport;
import io.tunestream.schemas.serde.EventDeserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Keeps the global stage-reports store: each report of the {@code datasets.reports} topic under
 * {@code <datasetId@version>/<stage>}, the latest report of a stage replacing an earlier one (a re-run). The
 * registry does not own that topic, so a report it cannot decode is logged, counted and skipped; it must not
 * stop the global thread (which would stop every read of the registry).
 */
class StageReportsUpdater implements Processor<byte[], byte[], Void, Void> {

    private static final Logger LOG = Logger.getLogger(StageReportsUpdater.class);

    private final RegistryMetrics metrics;
    private final EventDeserializer<StageReport> decoder = new EventDeserializer<>(StageReport.class);
    private KeyValueStore<String, StageReport> reports;

    StageReportsUpdater(RegistryMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        reports = context.getStateStore(RegistryStores.STAGE_REPORTS);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        StageReport report;
        try {
            report = decoder.deserialize("", record.headers(), record.value());
        } catch (RuntimeException e) {
            LOG.warnf("Skipping a stage report that cannot be decoded: %s", e.getMessage());
            metrics.skipped("undecodable-stage-report");
            return;
        }
        // Keyed by the report's own fields: the topic's key (id@version) says the same, but only they are typed.
        reports.put(StageReports.key(report.getDatasetId(), report.getVersion(), report.getStage()), report);
    }
}
