package io.tunestream.schemas.serde;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.Split;
import io.tunestream.events.StageReport;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSerdeTest {

    static Stream<Class<? extends SpecificRecord>> events() {
        return EventCatalog.EVENTS.stream();
    }

    @ParameterizedTest
    @MethodSource("events")
    <T extends SpecificRecord> void shouldRoundTripEveryEventWhenFieldsAreRandom(Class<T> type) throws Exception {
        // Given: random instances of the schema written by Avro's own generic encoder
        Schema schema = SingleObjectCodec.schemaOf(type);
        BinaryMessageEncoder<GenericRecord> generic = new BinaryMessageEncoder<>(GenericData.get(), schema);
        BinaryMessageDecoder<GenericRecord> genericReader = new BinaryMessageDecoder<>(GenericData.get(), schema);
        Serde<T> serde = AvroSerdes.serde(type);
        for (Object random : new RandomData(GenericData.get(), schema, 25, 7L)) {
            byte[] written = generic.encode((GenericRecord) random).array();

            // When: our deserializer reads it and our serializer writes it back
            T event = serde.deserializer().deserialize("t", written);
            byte[] rewritten = serde.serializer().serialize("t", event);

            // Then: Avro's generic reader sees the same record (map order aside), and our reader an equal event
            assertThat(genericReader.decode(rewritten)).as("%s", type.getSimpleName()).isEqualTo(random);
            assertThat(serde.deserializer().deserialize("t", rewritten)).isEqualTo(event);
        }
    }

    @Test
    void shouldStartWithSingleObjectHeaderWhenEncoding() {
        byte[] bytes = AvroSerdes.serde(DatasetEvent.class).serializer().serialize("t", sampleRecordEvent());
        assertThat(Arrays.copyOf(bytes, 2)).containsExactly((byte) 0xC3, (byte) 0x01);
    }

    @Test
    void shouldReadTypedFieldsWhenRoundTrippingADatasetRecord() {
        Serde<DatasetEvent> serde = AvroSerdes.serde(DatasetEvent.class);
        DatasetEvent event = sampleRecordEvent();
        DatasetEvent back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", event));
        assertThat(back).isEqualTo(event);
        assertThat(back.getBody()).isInstanceOf(DatasetRecord.class);
        assertThat(((DatasetRecord) back.getBody()).getText()).isEqualTo("héllo 世界 🙂");
        assertThat(back.getProducedAt()).isEqualTo(Instant.ofEpochMilli(1_764_000_000_000L));
    }

    @Test
    void shouldCarrySealCountsWhenRoundTrippingASeal() {
        Serde<DatasetEvent> serde = AvroSerdes.serde(DatasetEvent.class);
        DatasetEvent seal = DatasetEvent.newBuilder(sampleRecordEvent())
                .setBody(DatasetSeal.newBuilder().setRecordCount(3).setPartitionCounts(Map.of("0", 3L))
                        .setLabelCounts(Map.of("spam", 1L, "ham", 2L)).build())
                .build();
        DatasetEvent back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", seal));
        assertThat(((DatasetSeal) back.getBody()).getLabelCounts()).containsEntry("ham", 2L).containsEntry("spam", 1L);
    }

    @Test
    void shouldReturnNullWhenRecordIsATombstone() {
        Serde<StageReport> serde = AvroSerdes.serde(StageReport.class);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldFailWithBadHeaderWhenBytesAreGarbage() {
        EventDeserializer<StageReport> deserializer = new EventDeserializer<>(StageReport.class);
        byte[] garbage = "this is not an avro event at all".getBytes();
        assertThatThrownBy(() -> deserializer.deserialize("t", garbage))
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.BAD_HEADER))
                .hasMessageContaining("StageReport");
    }

    @Test
    void shouldFailWithBadHeaderWhenBytesAreTooShort() {
        EventDeserializer<StageReport> deserializer = new EventDeserializer<>(StageReport.class);
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {(byte) 0xC3, 1, 2}))
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.BAD_HEADER));
    }

    @Test
    void shouldFailWithMalformedBodyWhenRecordIsTruncated() {
        Serde<DatasetEvent> serde = AvroSerdes.serde(DatasetEvent.class);
        byte[] whole = serde.serializer().serialize("t", sampleRecordEvent());
        byte[] truncated = Arrays.copyOf(whole, whole.length - 12);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.MALFORMED_BODY));
    }

    @Test
    void shouldFailWithUnknownSchemaWhenFingerprintIsUnknown() {
        // Given: a record written with a schema this reader has never seen
        byte[] v2Bytes = StageReportV2.encodeV2(StageReportV2.v2Record("looks fine"));
        EventDeserializer<StageReport> v1Reader = new EventDeserializer<>(StageReport.class);

        assertThatThrownBy(() -> v1Reader.deserialize("t", v2Bytes))
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.UNKNOWN_SCHEMA));
    }

    @Test
    void shouldCreateSerdeFromClassNameWhenConfiguredByKafka() {
        EventSerializer<StageReport> serializer = new EventSerializer<>();
        serializer.configure(Map.of(SerdeConfig.TYPE, StageReport.class.getName()), false);
        EventDeserializer<StageReport> deserializer = new EventDeserializer<>();
        deserializer.configure(Map.of(SerdeConfig.TYPE, StageReport.class.getName()), false);
        StageReport report = StageReportV2.v1Report();
        assertThat(deserializer.deserialize("t", serializer.serialize("t", report))).isEqualTo(report);
    }

    @Test
    void shouldRefuseRegistryModeWhenNoRegistryUrlIsGiven() {
        EventSerializer<StageReport> serializer = new EventSerializer<>();
        assertThatThrownBy(() -> serializer.configure(Map.of(SerdeConfig.TYPE, StageReport.class.getName(),
                SerdeConfig.MODE, "registry"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apicurio.registry.url");
    }

    @Test
    void shouldRefuseUnknownModeWhenConfigured() {
        assertThatThrownBy(() -> SerdeMode.parse("protobuf")).hasMessageContaining("single-object or registry");
    }

    static DatasetEvent sampleRecordEvent() {
        return DatasetEvent.newBuilder()
                .setEventId("e-1").setDatasetId("spam").setVersion("1").setStage("ingest")
                .setProducedAt(Instant.ofEpochMilli(1_764_000_000_000L))
                .setBody(DatasetRecord.newBuilder().setRecordId("r-1").setSourceRecordId("r-1")
                        .setText("héllo 世界 🙂").setLabel("ham").setGroup("thread-9").setSplit(Split.TRAIN)
                        .setOperations(List.of("clean:nfkc")).setAttributes(Map.of("source", "test")).build())
                .build();
    }
}
