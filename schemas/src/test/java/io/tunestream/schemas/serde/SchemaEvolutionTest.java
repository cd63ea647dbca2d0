package io.tunestream.schemas.serde;

import io.tunestream.events.StageReport;
import io.tunestream.events.DatasetIndexEntry;
import io.tunestream.events.TrainingRecipe;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaEvolutionTest {

    @Test
    void shouldReadV2RecordWithV1CodeWhenV2SchemaIsKnown() {
        // Given: a v2 writer (one more optional field) and v1 code that has v2 in its schema store
        byte[] v2Bytes = StageReportV2.encodeV2(StageReportV2.v2Record("ada"));
        EventDeserializer<StageReport> v1Reader = new EventDeserializer<>(StageReport.class)
                .withWriterSchema(StageReportV2.V2);

        // When
        StageReport read = v1Reader.deserialize("t", v2Bytes);

        // Then: every v1 field survives, the unknown field is ignored
        assertThat(read).isEqualTo(StageReportV2.v1Report());
    }

    @Test
    void shouldReadV1RecordWithV2CodeWhenFieldIsOptional() throws IOException {
        // Given: bytes written by today's (v1) serializer
        byte[] v1Bytes = new EventSerializer<>(StageReport.class).serialize("t", StageReportV2.v1Report());
        BinaryMessageDecoder<GenericRecord> v2Reader = new BinaryMessageDecoder<>(GenericData.get(), StageReportV2.V2);
        v2Reader.addSchema(StageReport.getClassSchema());

        // When
        GenericRecord read = v2Reader.decode(v1Bytes);

        // Then: the added field takes its default, the rest is intact
        assertThat(read.get("reviewer")).isNull();
        assertThat(read.get("recordsIn")).isEqualTo(10L);
        assertThat(read.get("dropped").toString()).contains("duplicate");
    }

    static Stream<Class<? extends SpecificRecord>> events() {
        // TrainingRecipe and DatasetIndexEntry came after the v1 release: no frozen v1 schema to stay compatible with
        return EventCatalog.EVENTS.stream().filter(type -> type != TrainingRecipe.class
                && type != DatasetIndexEntry.class);
    }

    @ParameterizedTest
    @MethodSource("events")
    void shouldStayBackwardCompatibleWithReleasedSchemaWhenSchemasChange(Class<? extends SpecificRecord> type) throws IOException {
        // The released v1 schemas are frozen under src/test/resources/released; today's code must read their data.
        Schema released = releasedSchemas().stream()
                .filter(s -> s.getFullName().equals(type.getName())).findFirst().orElseThrow();
        Schema current = SingleObjectCodec.schemaOf(type);

        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released);

        assertThat(result.getType())
                .as(result.getDescription())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    private static List<Schema> releasedSchemas() throws IOException {
        Schema.Parser parser = new Schema.Parser();
        List<String> order = List.of("common/Split.avsc", "common/Lineage.avsc", "common/ConfusionMatrix.avsc",
                "TrainingRequest.avsc", "DatasetEvent.avsc", "StageReport.avsc", "JobStatus.avsc",
                "TrainingMetric.avsc", "Checkpoint.avsc", "Evaluation.avsc", "ModelVersion.avsc",
                "DeploymentEvent.avsc", "ScoringRequest.avsc", "ScoringResult.avsc",
                "SweepRequest.avsc", "SweepState.avsc");
        for (String file : order) {
            try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/released/" + file)) {
                parser.parse(in);
            }
        }
        return List.copyOf(parser.getTypes().values());
    }
}
