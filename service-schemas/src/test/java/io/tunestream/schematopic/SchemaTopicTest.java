package io.tunestream.schematopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.tunestream.events.JobStatus;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.serde.EventCatalog;
import io.tunestream.schemas.serde.SchemaTopic;
import io.tunestream.schemas.serde.SingleObjectCodec;
import io.tunestream.testsupport.KafkaTestSupport;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Schema evolution forwards on the real broker: a release-1 reader decodes a release-2 writer's record (one optional
 * field added) once the writer has put its schema on the schemas topic, and nothing else.
 */
@Timeout(60)
class SchemaTopicTest {

    private final List<SchemaTopic> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(SchemaTopic::close);
    }

    @Test
    void shouldLetTodaysReaderDecodeANewerWritersRecordOnceItsSchemaIsOnTheTopic() throws Exception {
        // Given a newer release's JobStatus (one optional field added) and a record it wrote
        Schema v2 = withOptionalField(SingleObjectCodec.schemaOf(JobStatus.class), "queuePosition");
        GenericRecord written = AvroSamples.record(v2);
        byte[] bytes = AvroSamples.singleObject(written);
        EventDeserializer<JobStatus> reader = new EventDeserializer<>(JobStatus.class);
        // and today's reader, which does not know that schema
        assertThatThrownBy(() -> reader.deserialize("t", bytes)).isInstanceOf(EventDecodingException.class)
                .extracting(e -> ((EventDecodingException) e).reason()).isEqualTo(EventDecodingException.Reason.UNKNOWN_SCHEMA);

        // When the writer's process publishes its schemas, and the reader's process resolves through the topic
        String topic = KafkaTestSupport.uniqueTopic("schemas");
        KafkaTestSupport.createTopics(topic);
        SchemaTopic writerSide = store(topic);
        assertThat(writerSide.publish(List.of(v2))).isEqualTo(1);
        SchemaTopic.install(store(topic));

        // Then today's reader decodes the newer record: every field it knows, the new one ignored
        JobStatus read = reader.deserialize("t", bytes);
        assertThat(read.getJobId()).isEqualTo(written.get("jobId").toString());
        assertThat(read.getSchema().getField("queuePosition")).isNull();
    }

    @Test
    void shouldSkipAnEntryWhoseSchemaDoesNotHashToItsKey() throws Exception {
        // Given an entry under the fingerprint of one schema whose value is another schema
        String topic = KafkaTestSupport.uniqueTopic("schemas");
        KafkaTestSupport.createTopics(topic);
        Schema claimed = withOptionalField(SingleObjectCodec.schemaOf(JobStatus.class), "forged");
        Schema actual = withOptionalField(SingleObjectCodec.schemaOf(JobStatus.class), "other");
        try (KafkaProducer<String, byte[]> producer = KafkaTestSupport.producer(Map.of(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, SchemaTopic.key(claimed),
                    actual.toString().getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(topic, SchemaTopic.key(claimed),
                    "{not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        // When a reader looks the fingerprint up
        SchemaTopic reader = store(topic);
        Schema found = reader.findByFingerprint(SchemaNormalization.parsingFingerprint64(claimed));
        // Then it finds nothing, and counts both entries as rejected
        assertThat(found).isNull();
        assertThat(reader.rejected()).isEqualTo(2);
    }

    @Test
    void shouldPublishOnlyTheSchemasTheTopicLacks() {
        // Given a topic another process already published today's event schemas to
        String topic = KafkaTestSupport.uniqueTopic("schemas");
        KafkaTestSupport.createTopics(topic);
        int first = store(topic).publish(EventCatalog.schemas());
        // When a second process starts and publishes the same schemas
        SchemaTopic second = store(topic);
        int again = second.publish(EventCatalog.schemas());
        // Then nothing is written twice, and the second process knows them all
        assertThat(first).isEqualTo(EventCatalog.EVENTS.size());
        assertThat(again).isZero();
        assertThat(second.size()).isEqualTo(EventCatalog.EVENTS.size());
    }

    private SchemaTopic store(String topic) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers());
        SchemaTopic store = new SchemaTopic(topic, p);
        stores.add(store);
        return store;
    }

    /** The same record schema plus one optional string field (default null): a BACKWARD- and FORWARD-compatible change. */
    static Schema withOptionalField(Schema schema, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL),
                Schema.create(Schema.Type.STRING)), "added by a newer release", Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
