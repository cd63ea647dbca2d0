package io.tunestream.schemas.serde;

import io.tunestream.events.HyperParameters;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.SchedulerConfig;
import io.tunestream.events.SchedulerKind;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.SweepState;
import io.tunestream.events.SweepStatus;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sweep states written before sweeps carried a pooling still decode, through the schema history. */
class SweepHistoryTest {

    @Test
    void shouldDecodeAV2SweepStateWithNullPoolingWhenWrittenBeforePoolingExisted() throws IOException {
        // Given a sweep state written with the v2 schema (pooling is the new last field, so positions agree)
        Schema v2;
        try (InputStream in = getClass().getResourceAsStream("/" + SchemaHistory.INDEX.replace("index",
                "SweepState-v2.avsc"))) {
            v2 = new Schema.Parser().parse(in);
        }
        SweepRequest request = SweepRequest.newBuilder().setSweepId("s1").setModelName("m").setDatasetId("d")
                .setDatasetVersion("v1").setMethod(MethodConfig.newBuilder().setType(Method.LORA).build())
                .setHyperParameters(HyperParameters.newBuilder().build()).setSpace(List.of())
                .setScheduler(SchedulerConfig.newBuilder().setKind(SchedulerKind.NONE).build()).setNumTrials(2)
                .setRequestedAt(Instant.EPOCH).build();
        SweepState state = SweepState.newBuilder().setSweepId("s1").setRequest(request).setStatus(SweepStatus.RUNNING)
                .setTrials(List.of()).setUpdatedAt(Instant.EPOCH).build();
        assertThat(v2.getField("request").schema().getField("pooling")).isNull();
        byte[] bytes = new BinaryMessageEncoder<SweepState>(SpecificData.getForClass(SweepState.class), v2).encode(state).array();

        // When today's codec reads it
        SweepState read = new SingleObjectCodec<>(SweepState.class).decode(bytes);

        // Then
        assertThat(read.getRequest().getNumTrials()).isEqualTo(2);
        assertThat(read.getRequest().getPooling()).isNull();
    }
}
