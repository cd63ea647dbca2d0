package io.tunestream.testsupport;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetRecordBatch;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.Split;
import io.tunestream.sampledata.RawMessage;
import io.tunestream.sampledata.SampleRecord;
import io.tunestream.sampledata.SpamAssassinAdapter;
import io.tunestream.sampledata.SpamAssassinCorpus;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventSerializer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a prepared dataset version onto {@code datasets.prepared} the way augment-service does: every
 * record with its split, then the seal, in one transaction, all under the version's key.
 */
public final class PreparedDatasets {

    /** The prepared topic under the default prefix. */
    public static final String TOPIC = Topics.name("tunestream.", Topics.DATASETS_PREPARED);

    /** A labelled text with its split. */
    public record Row(String text, String label, Split split) {
    }

    private PreparedDatasets() {
    }

    /** {@code perLabel} ham and spam messages of the real corpus; every 5th of each label goes to VALIDATION. */
    public static List<Row> spamAssassin(int perLabel) throws IOException {
        return spamAssassin(perLabel, i -> i % 5 == 0 ? Split.VALIDATION : Split.TRAIN);
    }

    /**
     * @param perLabel ham and spam messages of the real corpus (texts cut to 600 characters)
     * @param splitOf the split of the i-th message of each label
     * @return the rows, ham first
     */
    public static List<Row> spamAssassin(int perLabel, IntFunction<Split> splitOf) throws IOException {
        SpamAssassinAdapter adapter = new SpamAssassinAdapter();
        List<Row> rows = new ArrayList<>();
        for (String label : List.of("ham", "spam")) {
            try (Stream<RawMessage> messages = SpamAssassinCorpus.fetch().messages()) {
                List<SampleRecord> picked = messages.filter(m -> label.equals(m.label())).limit(perLabel)
                        .map(adapter::adapt).toList();
                for (int i = 0; i < picked.size(); i++) {
                    String text = picked.get(i).text();
                    rows.add(new Row(text.substring(0, Math.min(600, text.length())), label,
                            splitOf.apply(i)));
                }
            }
        }
        return rows;
    }

    /** Publishes the rows and the seal in one transaction. */
    public static void publish(String datasetId, String version, List<Row> rows, Map<String, String> config) {
        publish(KafkaTestSupport.transactionalProducer(new StringSerializer(), new EventSerializer<>(DatasetEvent.class)),
                datasetId, version, rows, config);
    }

    /** As {@link #publish(String, String, List, Map)}, to the broker at {@code bootstrapServers}. */
    public static void publish(String bootstrapServers, String datasetId, String version, List<Row> rows,
            Map<String, String> config) {
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrapServers, "transactional.id",
                "prepared-datasets-" + UUID.randomUUID(), "enable.idempotence", true, "acks", "all");
        publish(new KafkaProducer<>(props, new StringSerializer(), new EventSerializer<>(DatasetEvent.class)), datasetId,
                version, rows, config);
    }

    private static void publish(KafkaProducer<String, DatasetEvent> transactional, String datasetId, String version,
            List<Row> rows, Map<String, String> config) {
        String key = DatasetKeys.of(datasetId, version);
        try (KafkaProducer<String, DatasetEvent> producer = transactional) {
            producer.initTransactions();
            producer.beginTransaction();
            Map<String, Long> labels = new HashMap<>();
            Map<String, Long> splits = new HashMap<>();
            List<DatasetRecord> records = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                DatasetRecord record = DatasetRecord.newBuilder().setRecordId(key + "-" + i)
                        .setSourceRecordId("src-" + i).setText(row.text()).setLabel(row.label())
                        .setSplit(row.split()).build();
                records.add(record);
                labels.merge(row.label(), 1L, Long::sum);
                splits.merge(row.split().name(), 1L, Long::sum);
            }
            // one batch, as augment writes the prepared topic
            DatasetRecordBatch batch = DatasetRecordBatch.newBuilder().setBatchNumber(0).setRecords(records).build();
            producer.send(new ProducerRecord<>(TOPIC, key, event(datasetId, version, key + "-b0", batch)));
            DatasetSeal seal = DatasetSeal.newBuilder().setRecordCount(rows.size()).setBatchCount(1).setLabelCounts(labels)
                    .setSplitCounts(splits).setConfig(config).build();
            producer.send(new ProducerRecord<>(TOPIC, key, event(datasetId, version, key + "-seal", seal)));
            producer.commitTransaction();
        }
    }

    private static DatasetEvent event(String id, String version, String eventId, Object body) {
        return DatasetEvent.newBuilder().setEventId(eventId).setDatasetId(id).setVersion(version).setStage("augment")
                .setProducedAt(Instant.now()).setBody(body).build();
    }
}
