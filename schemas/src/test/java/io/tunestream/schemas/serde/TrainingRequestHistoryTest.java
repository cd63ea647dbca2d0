package io.tunestream.schemas.serde;

import io.tunestream.events.TrainingRequest;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests written while {@code clipNorm} was {@code ["null", "double"]} with default 1.0 (a default Avro 1.11, and so
 * Apicurio and Confluent registries, refuse) still decode after the union was reordered to {@code ["double", "null"]}.
 */
class TrainingRequestHistoryTest {

    @Test
    void shouldDecodeRequestWrittenWithNullFirstClipNormWhenReadWithCurrentSchema() throws IOException {
        // Given requests written with the v2 schema, clipNorm both set and null
        Schema v2;
        try (InputStream in = getClass().getResourceAsStream("/" + SchemaHistory.INDEX.replace("index", "TrainingRequest-v2.avsc"))) {
            v2 = new Schema.Parser().setValidateDefaults(false).parse(in);
        }
        assertThat(v2.getField("hyperParameters").schema().getField("clipNorm").schema().getTypes().get(0).getType())
                .isEqualTo(Schema.Type.NULL);
        SingleObjectCodec<TrainingRequest> codec = new SingleObjectCodec<>(TrainingRequest.class, SerdeSettings.singleObject());
        int nulls = 0;
        for (Object random : new RandomData(GenericData.get(), v2, 40, 3L)) {
            GenericRecord written = (GenericRecord) random;
            Object clipNorm = ((GenericRecord) written.get("hyperParameters")).get("clipNorm");
            nulls += clipNorm == null ? 1 : 0;
            byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(written).array();

            // When today's codec reads it
            TrainingRequest read = codec.decode(bytes);

            // Then the value survives the reordered union
            assertThat(read.getHyperParameters().getClipNorm()).isEqualTo(clipNorm);
            assertThat(read.getJobId()).isEqualTo(written.get("jobId").toString());
        }
        assertThat(nulls).isBetween(1, 39);
    }
}
