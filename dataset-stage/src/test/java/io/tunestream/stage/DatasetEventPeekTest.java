package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecordBatch;
import io.tunestream.schemas.serde.SingleObjectCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetEventPeekTest {

    private final SingleObjectCodec<DatasetEvent> codec = new SingleObjectCodec<>(DatasetEvent.class);

    @Test
    void shouldTellSealsFromBatchesAndRecordsByTheirFirstBytes() {
        // Given: a version of three records as single records, as one batch, and its seal
        List<DatasetEvent> events = SealedDatasetTopologyTest.dataset("ds", "1", "a", "b", "c");
        DatasetEvent batch = DatasetEvent.newBuilder(events.get(0)).setEventId("b0").setBody(DatasetRecordBatch
                .newBuilder().setBatchNumber(0).setRecords(List.of()).build()).build();
        // Then
        assertThat(DatasetEventPeek.peek(codec.encode(events.get(0)))).isEqualTo(DatasetEventPeek.Answer.NOT_SEAL);
        assertThat(DatasetEventPeek.peek(codec.encode(batch))).isEqualTo(DatasetEventPeek.Answer.NOT_SEAL);
        assertThat(DatasetEventPeek.peek(codec.encode(events.get(3)))).isEqualTo(DatasetEventPeek.Answer.SEAL);
    }

    @Test
    void shouldAnswerUnknownWhenTheBytesAreNotASingleObjectOfAKnownSchema() {
        byte[] seal = codec.encode(SealedDatasetTopologyTest.dataset("ds", "1", "a").get(1));
        byte[] otherFingerprint = seal.clone();
        otherFingerprint[5] ^= 0x55;
        assertThat(DatasetEventPeek.peek("garbage".getBytes(StandardCharsets.UTF_8))).isEqualTo(DatasetEventPeek.Answer.UNKNOWN);
        assertThat(DatasetEventPeek.peek(null)).isEqualTo(DatasetEventPeek.Answer.UNKNOWN);
        assertThat(DatasetEventPeek.peek(otherFingerprint)).isEqualTo(DatasetEventPeek.Answer.UNKNOWN);
        assertThat(DatasetEventPeek.peek(Arrays.copyOf(seal, 14))).isEqualTo(DatasetEventPeek.Answer.UNKNOWN);
    }
}
