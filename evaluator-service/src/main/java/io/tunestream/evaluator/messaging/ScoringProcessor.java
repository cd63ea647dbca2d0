package io.tunestream.evaluator.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tunestream.evaluator.config.EvaluatorConfig;
import io.tunestream.evaluator.metrics.EvaluatorMetrics;
import io.tunestream.evaluator.service.ScoringAnswers;
import io.tunestream.events.ScoringRequest;
import io.tunestream.events.ScoringResult;
import io.tunestream.metrics.ConsumerLagMetrics;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.EventDeserializer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * The scoring path on SmallRye Reactive Messaging: each record of {@code scoring.requests} (channel
 * {@value #REQUESTS}) is answered on {@code scoring.results} (channel {@value #RESULTS}, key: the request id) by
 * {@link ScoringAnswers}; its offset is committed once the answer is written. The channel reads raw bytes and this
 * method decodes them, so that an undecodable request is nacked with its original bytes to the connector's
 * dead-letter-queue strategy ({@code scoring.requests.dlq}), carrying our {@link DeadLetterHeaders} vocabulary.
 * Requests with the same key are answered in order; at most {@code smallrye.messaging.worker.scoring.max-concurrency}
 * keys are worked on at once (application.properties). Each request's latency, by outcome, goes to
 * {@link EvaluatorMetrics#scoredFromTopic}.
 */
@ApplicationScoped
public class ScoringProcessor {

    /** The incoming channel of scoring requests. */
    public static final String REQUESTS = "scoring-requests";
    /** The outgoing channel of scoring results. */
    public static final String RESULTS = "scoring-results";
    /** The {@link DeadLetterHeaders#STAGE} of refused scoring requests. */
    static final String STAGE = "evaluator-scoring";
    /** The {@link DeadLetterHeaders#REASON} of a request that cannot be decoded. */
    static final String UNDECODABLE = "UNDECODABLE_SCORING_REQUEST";

    private static final Logger LOG = Logger.getLogger(ScoringProcessor.class);
    /** How long a request waits for the evaluator's start-up (the scorer needs the models view). */
    private static final Duration START_WAIT = Duration.ofMinutes(2);

    private final EvaluatorService service;
    private final EvaluatorMetrics metrics;
    private final EvaluatorConfig config;
    private final ConsumerLagMetrics lag;
    private final EventDeserializer<ScoringRequest> decoder = new EventDeserializer<>(ScoringRequest.class);

    public ScoringProcessor(EvaluatorService service, EvaluatorMetrics metrics, EvaluatorConfig config,
            ConsumerLagMetrics lag, @ConfigProperty(name = "mp.messaging.incoming." + REQUESTS + ".topic") String in,
            @ConfigProperty(name = "mp.messaging.outgoing." + RESULTS + ".topic") String out,
            @ConfigProperty(name = "mp.messaging.incoming." + REQUESTS + ".dead-letter-queue.topic") String dlq) {
        // topic names live in Topics: the channel settings must name the same topics
        EvaluatorTopics topics = EvaluatorTopics.of(config.topicPrefix());
        if (!in.equals(topics.scoringRequests()) || !out.equals(topics.scoringResults())
                || !dlq.equals(topics.scoringRequestsDlq())) {
            throw new IllegalStateException("the scoring channels name " + in + ", " + out + " and " + dlq
                    + " instead of " + topics.scoringRequests() + ", " + topics.scoringResults() + " and "
                    + topics.scoringRequestsDlq());
        }
        this.service = service;
        this.metrics = metrics;
        this.config = config;
        this.lag = lag;
    }

    /**
     * @param request a record of the requests topic, undecoded
     * @return its answer keyed by request id; null (nothing written) for a tombstone or a dead-lettered request
     */
    @Incoming(REQUESTS)
    @Outgoing(RESULTS)
    @Blocking(value = "scoring", ordered = false)
    public Message<ScoringResult> score(Message<byte[]> request) {
        long start = System.nanoTime();
        Optional<IncomingKafkaRecordMetadata<String, byte[]>> record = incoming(request);
        ScoringRequest decoded;
        try {
            decoded = decoder.deserialize(record.map(IncomingKafkaRecordMetadata::getTopic).orElse(REQUESTS),
                    record.map(IncomingKafkaRecordMetadata::getHeaders).orElse(null), request.getPayload());
        } catch (EventDecodingException e) {
            LOG.warnf("Undecodable scoring request%s -> dead-letter topic", record.map(r -> " at " + r.getTopic() + "-"
                    + r.getPartition() + " offset " + r.getOffset()).orElse(""));
            request.nack(e, Metadata.of(OutgoingKafkaRecordMetadata.builder()
                    .withHeaders(deadLetterHeaders(record, e)).build()));
            metrics.scoredFromTopic("dead-lettered", Duration.ofNanos(System.nanoTime() - start));
            return null;
        }
        if (decoded == null) {
            request.ack();
            return null;
        }
        ScoringResult answer = service.scoringAnswers(START_WAIT).answer(decoded);
        metrics.scoredFromTopic(answer.getError() == null ? "answered" : "error",
                Duration.ofNanos(System.nanoTime() - start));
        return request.withPayload(answer).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(answer.getRequestId()).build());
    }

    /** The consumer lag of the scoring group on /q/metrics, as for every other group of the service. */
    void consumerCreated(@Observes Consumer<?, ?> consumer) {
        if (consumer.groupMetadata() != null && config.scoringGroupId().equals(consumer.groupMetadata().groupId())) {
            lag.bind(consumer, config.scoringGroupId());
        }
    }

    /** Only the tunestream.dlq.* headers: the connector adds the record's own headers itself. */
    static Headers deadLetterHeaders(Optional<IncomingKafkaRecordMetadata<String, byte[]>> record, Throwable error) {
        return DeadLetterHeaders.of(null, STAGE, DeadLetterHeaders.Refusal.of(UNDECODABLE, error),
                record.map(r -> new DeadLetterHeaders.Source(r.getTopic(), r.getPartition(), r.getOffset()))
                        .orElse(null));
    }

    @SuppressWarnings("unchecked")
    private static Optional<IncomingKafkaRecordMetadata<String, byte[]>> incoming(Message<byte[]> request) {
        return request.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (IncomingKafkaRecordMetadata<String, byte[]>) m);
    }
}
