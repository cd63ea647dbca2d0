package io.tunestream.launcher;

import io.tunestream.events.DeploymentEvent;
import io.tunestream.events.Evaluation;
import io.tunestream.events.StageReport;
import io.tunestream.kafka.embedded.SchemaRegistration;
import io.tunestream.kafka.embedded.SchemaRegistryProcess;
import io.tunestream.schemas.serde.EventCatalog;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.schemas.serde.SerdeSettings;
import io.tunestream.schemas.serde.SingleObjectCodec;
import io.tunestream.testsupport.KafkaTestSupport;
import io.tunestream.testsupport.SharedKafkaExtension;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Registry mode against a live Apicurio Registry 2.4.2 (child JVM, in-memory) and the test JVM's broker: schemas
 * registered under BACKWARD compatibility, the Confluent wire format on the topic, a consumer with no tunestream
 * class reading it, and an incompatible change refused. Needs {@code schema-registry-server} packaged.
 */
@ExtendWith(SharedKafkaExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SchemaRegistryModeTest {

    private static SchemaRegistryProcess registry;
    private static Map<String, Integer> ids;

    @BeforeAll
    static void startRegistry(@TempDir Path work) {
        registry = SchemaRegistryProcess.start(SchemaRegistryProcess.jarIn(Path.of("..")), 0, null,
                work.resolve("schema-registry.log"), Duration.ofSeconds(90));
        SchemaRegistration registration = new SchemaRegistration(registry.confluentApiUrl());
        registration.setCompatibility(StackSchemaRegistry.COMPATIBILITY);
        ids = registration.registerAll(EventCatalog.schemas());
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldRegisterEverySchemaOnceWhenRegisteredTwice() {
        // When the same schemas are registered again (a restarted stack does it)
        Map<String, Integer> again = new SchemaRegistration(registry.confluentApiUrl()).registerAll(EventCatalog.schemas());
        // Then one subject per event, and the same ids
        assertThat(ids).hasSize(EventCatalog.EVENTS.size()).containsKey(Evaluation.class.getName());
        assertThat(ids.values()).doesNotHaveDuplicates();
        assertThat(again).isEqualTo(ids);
    }

    @Test
    void shouldRefuseIncompatibleChangeWhenCompatibilityIsBackward() {
        // Given StageReport with a new required field (no default): new readers cannot read old records
        Schema current = StageReport.getClassSchema();
        Schema breaking = withField(current, new Schema.Field("reviewer", Schema.create(Schema.Type.STRING), "who", (Object) null));
        Schema compatible = withField(current, new Schema.Field("reviewer",
                SchemaBuilder.unionOf().nullType().and().stringType().endUnion(), "who", Schema.Field.NULL_DEFAULT_VALUE));
        SchemaRegistration registration = new SchemaRegistration(registry.confluentApiUrl());

        // When / Then: the registry refuses the breaking one and takes the one with a default as a new version
        assertThatThrownBy(() -> registration.register(current.getFullName(), breaking))
                .isInstanceOf(SchemaRegistration.RefusedSchemaException.class).hasMessageContaining("reviewer");
        assertThat(registration.register(current.getFullName(), compatible)).isNotEqualTo(ids.get(current.getFullName()));
    }

    @Test
    void shouldLetConsumerWithoutTunestreamClassesReadEventsWhenWrittenInRegistryMode(@TempDir Path work) throws Exception {
        // Given events written by tunestream's serializer in registry mode
        SerdeSettings settings = SerdeSettings.registry(registry.apicurioApiUrl());
        String topic = KafkaTestSupport.uniqueTopic("wire");
        KafkaTestSupport.createTopics(topic);
        List<SpecificRecord> events = List.of(random(Evaluation.class), random(DeploymentEvent.class), random(StageReport.class));
        EventSerializer<SpecificRecord> serializer = new EventSerializer<>();
        byte[] first;
        try (KafkaProducer<String, SpecificRecord> producer = KafkaTestSupport.producer(Map.of(), new StringSerializer(), serializer)) {
            for (SpecificRecord event : events) {
                serializer.configure(Map.of("tunestream.serde.type", event.getClass().getName(),
                        "tunestream.serde.mode", "registry", "apicurio.registry.url", settings.registryUrl()), false);
                producer.send(new ProducerRecord<>(topic, "k", event)).get();
            }
            serializer.configure(Map.of("tunestream.serde.type", Evaluation.class.getName(), "tunestream.serde.mode", "registry",
                    "apicurio.registry.url", settings.registryUrl()), false);
            first = serializer.serialize(topic, events.get(0));
        }

        // When a consumer from another system reads the topic with Apicurio's deserializer and the registry URL only
        ForeignTopicReader.Result read = ForeignTopicReader.read(Map.of("bootstrap.servers", KafkaTestSupport.bootstrapServers()),
                registry.apicurioApiUrl(), work, topic);

        // Then: Confluent wire format (magic 0, the registered 4-byte id), decoded as generic records, no tunestream class
        assertThat(first[0]).isZero();
        assertThat(ByteBuffer.wrap(first, 1, 4).getInt()).isEqualTo(ids.get(Evaluation.class.getName()));
        assertThat(ForeignTopicReader.classPath()).noneMatch(e -> e.contains("tunestream"));
        assertThat(read.exitCode()).as(read.output()).isZero();
        assertThat(read.lines()).as(read.output()).contains("tunestream classes: none");
        List<String[]> records = read.records(topic);
        assertThat(records).as(read.output()).extracting(r -> r[3]).containsExactly(Evaluation.class.getName(),
                DeploymentEvent.class.getName(), StageReport.class.getName());
        assertThat(records).allSatisfy(r -> assertThat(r[1]).isEqualTo("0"));
        assertThat(records).extracting(r -> Integer.parseInt(r[2])).containsExactly(ids.get(Evaluation.class.getName()),
                ids.get(DeploymentEvent.class.getName()), ids.get(StageReport.class.getName()));
        assertThat(records.get(0)[4]).contains("\"evaluationId\": \"" + ((Evaluation) events.get(0)).getEvaluationId() + "\"");
        // and tunestream's own reader in registry mode gets the same events back
        EventDeserializer<Evaluation> ours = new EventDeserializer<>();
        ours.configure(Map.of("tunestream.serde.type", Evaluation.class.getName(), "tunestream.serde.mode", "registry",
                "apicurio.registry.url", settings.registryUrl()), false);
        assertThat(ours.deserialize(topic, first)).isEqualTo(events.get(0));
    }

    /** A valid event with random field values. */
    private static <T extends SpecificRecord> T random(Class<T> type) {
        Schema schema = SingleObjectCodec.schemaOf(type);
        GenericRecord generic = (GenericRecord) new RandomData(GenericData.get(), schema, 1, 11L).iterator().next();
        try {
            byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(generic).array();
            return new SingleObjectCodec<>(type, SerdeSettings.singleObject()).decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema withField(Schema record, Schema.Field added) {
        List<Schema.Field> fields = new ArrayList<>();
        record.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(added);
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
