package io.tunestream.ingest.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.StageReport;
import io.tunestream.schemas.serde.EventSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One transaction writes dataset events (raw, catalog) and a stage report (reports), so the upload producer
 * takes either and serializes each with its own event serializer.
 */
public final class DatasetOrReportSerializer implements Serializer<SpecificRecord> {

    private final EventSerializer<DatasetEvent> datasets = new EventSerializer<>(DatasetEvent.class);
    private final EventSerializer<StageReport> reports = new EventSerializer<>(StageReport.class);

    @Override
    public byte[] serialize(String topic, SpecificRecord event) {
        if (event == null) {
            return null;
        }
        if (event instanceof DatasetEvent dataset) {
            return datasets.serialize(topic, dataset);
        }
        if (event instanceof StageReport report) {
            return reports.serialize(topic, report);
        }
        throw new IllegalArgumentException("not a dataset event or stage report: " + event.getClass().getName());
    }
}
