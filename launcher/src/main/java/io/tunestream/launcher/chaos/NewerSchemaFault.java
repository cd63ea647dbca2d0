package io.tunestream.launcher.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetRecordBatch;
import io.tunestream.events.DatasetSeal;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.SchemaTopic;
import io.tunestream.schemas.serde.SingleObjectCodec;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A producer of a newer release beside the running services: it writes a dataset version to {@code datasets.raw}
 * with a {@code DatasetEvent} schema that has one optional field more ({@code origin}), after publishing that schema
 * to the {@code schemas} topic as a newer release does at startup. The running (older) clean, split and augment
 * must read it like any version: prepared once, nothing dead-lettered as an unknown schema.
 */
final class NewerSchemaFault {

    /** The field the newer release adds (optional, default null: BACKWARD and FORWARD compatible). */
    static final String ADDED_FIELD = "origin";
    private static final int BATCH = 100;

    private final ChaosContext ctx;

    NewerSchemaFault(ChaosContext ctx) {
        this.ctx = ctx;
    }

    FaultResult run() throws IOException, InterruptedException {
        String version = ctx.runId() + "-v2";
        Schema v1 = SingleObjectCodec.schemaOf(DatasetEvent.class);
        Schema v2 = withOptionalField(v1, ADDED_FIELD);
        Properties admin = ctx.stack().adminConnection().properties();
        try (SchemaTopic schemas = new SchemaTopic(Topics.name(null, Topics.SCHEMAS), admin)) {
            schemas.publish(List.of(v2));
        }
        List<DatasetEvent> events = events(version);
        long records = events.stream().filter(e -> e.getBody() instanceof DatasetRecordBatch)
                .mapToLong(e -> ((DatasetRecordBatch) e.getBody()).getRecords().size()).sum();
        String rawDlq = Topics.dlq(Topics.name(null, Topics.DATASETS_RAW));
        long dlqBefore = ctx.probe().count(rawDlq);
        long t0 = System.nanoTime();
        produce(admin, version, events, v1, v2);
        String happened = "v2 DatasetEvent (+" + ADDED_FIELD + ") on the schemas topic; " + records
                + " records + seal written in v2";
        ctx.progress("v2 producer: " + happened);
        List<String> failures = new ArrayList<>();
        FaultResult result = new DataStageFaults(ctx, PipelineRound.DATASET, version).pipeline(Fault.V2_PRODUCER,
                DataStageFaults.STAGES, t0, records, happened, failures);
        long dead = ctx.probe().count(rawDlq) - dlqBefore;
        if (dead > 0) {
            failures.add(dead + " v2 records dead-lettered on " + rawDlq);
        }
        return new FaultResult(result.fault(), result.happened(), result.counts(), result.recovery(), failures);
    }

    /** The corpus as raw batches and a seal, as ingest would write them (balance none: every record counted). */
    private List<DatasetEvent> events(String version) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<DatasetRecord> rows = new ArrayList<>();
        for (String line : Files.readAllLines(ctx.corpus())) {
            JsonNode row = json.readTree(line);
            String id = row.path("id").asText();
            rows.add(DatasetRecord.newBuilder().setRecordId(id).setSourceRecordId(id).setText(row.path("text").asText())
                    .setLabel(row.path("label").asText()).setGroup(row.path("group").asText(null))
                    .setOperations(new ArrayList<>(List.of("ingest"))).build());
        }
        List<DatasetEvent> events = new ArrayList<>();
        long batches = 0;
        for (int from = 0; from < rows.size(); from += BATCH) {
            events.add(wrap(version, "b" + batches, DatasetRecordBatch.newBuilder().setBatchNumber(batches++)
                    .setRecords(rows.subList(from, Math.min(rows.size(), from + BATCH))).build()));
        }
        events.add(wrap(version, "seal", DatasetSeal.newBuilder().setRecordCount(rows.size()).setBatchCount(batches)
                .setConfig(Map.of("balance", "none", "seed", "42")).build()));
        return events;
    }

    private static DatasetEvent wrap(String version, String id, Object body) {
        return DatasetEvent.newBuilder().setEventId(PipelineRound.DATASET + "@" + version + "/" + id)
                .setDatasetId(PipelineRound.DATASET).setVersion(version).setStage("ingest").setProducedAt(Instant.now())
                .setBody(body).build();
    }

    private void produce(Properties admin, String version, List<DatasetEvent> events, Schema v1, Schema v2) {
        Properties p = new Properties();
        p.putAll(admin);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tunestream-chaos-v2-" + version);
        String topic = Topics.name(null, Topics.DATASETS_RAW);
        String key = DatasetKeys.of(PipelineRound.DATASET, version);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (DatasetEvent e : events) {
                producer.send(new ProducerRecord<>(topic, key, asNewer(e, v1, v2)));
            }
            producer.commitTransaction();
        }
    }

    /** The event in the newer schema's single-object encoding, its added field set. */
    static byte[] asNewer(DatasetEvent event, Schema v1, Schema v2) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<>(DatasetEvent.class).write(event, encoder);
            encoder.flush();
            GenericRecord newer = new GenericDatumReader<GenericRecord>(v1, v2)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
            newer.put(ADDED_FIELD, "chaos v2 producer");
            ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(newer);
            byte[] out = new byte[encoded.remaining()];
            encoded.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same record schema plus one optional string field (default null). */
    static Schema withOptionalField(Schema schema, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL),
                Schema.create(Schema.Type.STRING)), "added by a newer release", Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
