package io.tunestream.evaluator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.tunestream.events.ScoringItem;
import io.tunestream.events.ScoringRequest;
import io.tunestream.events.ScoringResult;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.testsupport.KafkaBrokerResource;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scoring flow of {@link ScoringProcessor} through SmallRye's in-memory connector (the two scoring channels in
 * memory, the rest of the evaluator against the test broker): answers keyed by request id and acknowledged, poison
 * requests nacked towards the dead-letter strategy with their bytes and our dead-letter headers, tombstones skipped.
 */
@QuarkusTest
@TestProfile(ScoringProcessorTest.InMemoryChannels.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class ScoringProcessorTest {

    /** The scoring channels on the in-memory connector. */
    public static class InMemoryChannels implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(InMemoryConnector.switchIncomingChannelsToInMemory(
                    ScoringProcessor.REQUESTS));
            config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory(ScoringProcessor.RESULTS));
            return config;
        }
    }

    @Inject
    @Any
    InMemoryConnector connector;

    private InMemorySink<ScoringResult> results;

    @BeforeEach
    void clearResults() {
        results = connector.sink(ScoringProcessor.RESULTS);
        results.clear();
    }

    @Test
    void shouldAnswerKeyedByRequestIdAndAcknowledgeWhenTheModelIsUnknown() {
        // Given a decodable request for a model nobody registered
        ScoringRequest request = request("req-unknown", "no-such-model");
        AtomicBoolean acked = new AtomicBoolean();
        Message<byte[]> message = Message.of(encode(request)).withAck(() -> {
            acked.set(true);
            return CompletableFuture.completedFuture(null);
        });

        // When
        connector.<Message<byte[]>>source(ScoringProcessor.REQUESTS).send(message);

        // Then: one answer, keyed by the request id, saying why; the request is acknowledged once it is written
        await().atMost(Duration.ofSeconds(30)).until(() -> results.received().size() == 1);
        Message<ScoringResult> answer = results.received().get(0);
        assertThat(answer.getPayload().getRequestId()).isEqualTo("req-unknown");
        assertThat(answer.getPayload().getVersion()).isZero();
        assertThat(answer.getPayload().getResults()).isEmpty();
        assertThat(answer.getPayload().getError()).contains("no-such-model");
        assertThat(answer.getMetadata(OutgoingKafkaRecordMetadata.class)).get()
                .extracting(OutgoingKafkaRecordMetadata::getKey).isEqualTo("req-unknown");
        await().atMost(Duration.ofSeconds(10)).untilTrue(acked);
    }

    @Test
    void shouldNackPoisonRequestsWithDeadLetterHeadersAndAnswerNothing() {
        // Given bytes that are no Avro single-object encoding, then a good request behind them
        byte[] poison = "{\"requestId\": \"not avro\"}".getBytes(StandardCharsets.UTF_8);
        AtomicReference<Throwable> reason = new AtomicReference<>();
        CompletableFuture<Metadata> nacked = new CompletableFuture<>();
        Message<byte[]> message = Message.of(poison).withNackWithMetadata((error, metadata) -> {
            reason.set(error);
            nacked.complete(metadata);
            return CompletableFuture.completedFuture(null);
        });

        // When
        connector.<Message<byte[]>>source(ScoringProcessor.REQUESTS).send(message);
        connector.<Message<byte[]>>source(ScoringProcessor.REQUESTS).send(Message.of(encode(request("req-after-poison", "nope"))));

        // Then: nacked (the Kafka connector's dead-letter strategy writes the payload, the original bytes) with the
        // decoding error and our dead-letter headers; the stream goes on with the next request
        Metadata metadata = nacked.orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(reason.get()).isInstanceOf(EventDecodingException.class);
        assertThat(message.getPayload()).isEqualTo(poison);
        Headers headers = metadata.get(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
        assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.REASON)).isEqualTo(ScoringProcessor.UNDECODABLE);
        assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.STAGE)).isEqualTo(ScoringProcessor.STAGE);
        assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.ERROR_CLASS))
                .isEqualTo(EventDecodingException.class.getName());
        await().atMost(Duration.ofSeconds(30)).until(() -> results.received().size() == 1);
        assertThat(results.received()).extracting(m -> m.getPayload().getRequestId()).containsExactly("req-after-poison");
    }

    @Test
    void shouldAcknowledgeTombstonesWithoutAnswering() {
        // Given a tombstone (null value), then a request
        AtomicBoolean acked = new AtomicBoolean();
        Message<byte[]> tombstone = Message.<byte[]>of(null).withAck(() -> {
            acked.set(true);
            return CompletableFuture.completedFuture(null);
        });

        // When
        connector.<Message<byte[]>>source(ScoringProcessor.REQUESTS).send(tombstone);
        connector.<Message<byte[]>>source(ScoringProcessor.REQUESTS).send(Message.of(encode(request("req-after-tombstone", "nope"))));

        // Then
        await().atMost(Duration.ofSeconds(30)).until(() -> results.received().size() == 1);
        assertThat(results.received()).extracting(m -> m.getPayload().getRequestId())
                .containsExactly("req-after-tombstone");
        assertThat(acked).isTrue();
    }

    private static ScoringRequest request(String id, String model) {
        return ScoringRequest.newBuilder().setRequestId(id).setModelName(model).setAliasOrVersion("champion")
                .setItems(List.of(ScoringItem.newBuilder().setId("a").setText("hello").build()))
                .setProducedAt(Instant.now()).build();
    }

    private static byte[] encode(ScoringRequest request) {
        return new EventSerializer<>(ScoringRequest.class).serialize("scoring.requests", request);
    }
}
