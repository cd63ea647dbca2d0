package io.tunestream.evaluator.messaging;

import io.tunestream.evaluator.metrics.EvaluatorMetrics;
import io.tunestream.evaluator.service.GenerationBounds;
import io.tunestream.evaluator.service.RegisteredModel;
import io.tunestream.evaluator.service.Scorer;
import io.tunestream.evaluator.service.UnknownModelException;
import io.tunestream.evaluator.service.WrongTaskException;
import io.tunestream.events.GenerationParameters;
import io.tunestream.events.ScoredItem;
import io.tunestream.events.ScoringItem;
import io.tunestream.events.Task;
import io.tunestream.model.generate.Generation;
import io.tunestream.model.generate.GenerationSettings;
import io.tunestream.events.ScoringRequest;
import io.tunestream.events.ScoringResult;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.EventDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Answers scoring requests from the topic: each request is answered on the results topic (key: request id) with
 * the version used and one result per item, or with an error saying why (unknown model, empty request, a model
 * that does not load). The version's task decides the answer: a classifier or regressor scores each item's text
 * (label, score, probabilities); a causal language model continues it ({@code generated}, {@code stoppedAtEos};
 * settings from the request's {@code generation}, else greedy with 64 new tokens). Generation settings sent to a
 * classifier are an error. Undecodable requests go to the dead-letter topic. Offsets are committed after the answer.
 * Each request's latency, by outcome, goes to {@link EvaluatorMetrics#scoredFromTopic}.
 */
public final class ScoringWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(ScoringWorker.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Producer<String, SpecificRecord> events;
    private final Producer<byte[], byte[]> dlq;
    private final EvaluatorTopics topics;
    private final Scorer scorer;
    private final Clock clock;
    private final EvaluatorMetrics metrics;
    private final EventDeserializer<ScoringRequest> decoder = new EventDeserializer<>(ScoringRequest.class);
    private volatile boolean running = true;

    ScoringWorker(KafkaConsumer<String, byte[]> consumer, Producer<String, SpecificRecord> events,
            Producer<byte[], byte[]> dlq, EvaluatorTopics topics, Scorer scorer, Clock clock, EvaluatorMetrics metrics) {
        this.consumer = consumer;
        this.events = events;
        this.dlq = dlq;
        this.topics = topics;
        this.scorer = scorer;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.scoringRequests()));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    long start = System.nanoTime();
                    String outcome = handle(record);
                    metrics.scoredFromTopic(outcome, Duration.ofNanos(System.nanoTime() - start));
                    consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    /** @return the outcome: answered, error or dead-lettered (an empty record: skipped) */
    private String handle(ConsumerRecord<String, byte[]> record) {
        ScoringRequest request;
        try {
            request = decoder.deserialize(record.topic(), record.headers(), record.value());
        } catch (EventDecodingException e) {
            LOG.warnf("Undecodable scoring request at %s-%d offset %d -> %s", record.topic(), record.partition(),
                    record.offset(), topics.scoringRequestsDlq());
            send(dlq, new ProducerRecord<>(topics.scoringRequestsDlq(), null,
                    record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(),
                    DeadLetterHeaders.of(record.headers(), "evaluator-scoring",
                            DeadLetterHeaders.Refusal.of("UNDECODABLE_SCORING_REQUEST", e),
                            new DeadLetterHeaders.Source(record.topic(), record.partition(), record.offset()))));
            return "dead-lettered";
        }
        if (request == null) {
            return "skipped";
        }
        ScoringResult.Builder result = ScoringResult.newBuilder().setRequestId(request.getRequestId())
                .setModelName(request.getModelName()).setProducedAt(clock.instant());
        try {
            RegisteredModel version = scorer.resolve(request.getModelName(), request.getAliasOrVersion());
            if (version.spec().task() == Task.CAUSAL_LM) {
                generate(version, request, result);
            } else if (request.getGeneration() != null) {
                throw new WrongTaskException(version.name() + " v" + version.version() + " is a "
                        + version.spec().task() + " model: generation settings only apply to causal language models");
            } else {
                score(version, request, result);
            }
        } catch (UnknownModelException | WrongTaskException | IllegalArgumentException e) {
            result.setVersion(0).setResults(List.of()).setError(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Scoring request %s failed", request.getRequestId());
            result.setVersion(0).setResults(List.of()).setError("scoring failed: " + e.getMessage());
        }
        ScoringResult answer = result.build();
        send(events, new ProducerRecord<>(topics.scoringResults(), request.getRequestId(), answer));
        return answer.getError() == null ? "answered" : "error";
    }

    private void score(RegisteredModel version, ScoringRequest request, ScoringResult.Builder result) {
        Scorer.ScoredBatch batch = scorer.score(version,
                request.getItems().stream().map(i -> new Scorer.Item(i.getId(), i.getText())).toList());
        result.setVersion(batch.version()).setResults(batch.results().stream().map(s -> ScoredItem.newBuilder()
                .setId(s.id()).setLabel(s.label()).setScore(s.score()).setProbabilities(s.probabilities())
                .build()).toList()).setError(null);
    }

    /** A causal language model continues each item's text; absent settings: greedy, 64 new tokens. */
    private void generate(RegisteredModel version, ScoringRequest request, ScoringResult.Builder result) {
        GenerationParameters p = request.getGeneration() != null ? request.getGeneration()
                : GenerationParameters.newBuilder().setMaxNewTokens(GenerationBounds.DEFAULT_MAX_NEW_TOKENS).build();
        List<String> prompts = request.getItems().stream().map(ScoringItem::getText).toList();
        List<String> problems = GenerationBounds.problems(prompts, p.getMaxNewTokens());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        GenerationSettings settings = new GenerationSettings(p.getMaxNewTokens(), p.getTemperature(), p.getTopK(),
                p.getTopP(), p.getSeed(), true);
        Scorer.GeneratedBatch batch = scorer.generate(version, prompts, settings);
        List<ScoredItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            Generation g = batch.generations().get(i);
            items.add(ScoredItem.newBuilder().setId(request.getItems().get(i).getId()).setLabel(null).setScore(null)
                    .setProbabilities(Map.of()).setGenerated(g.text()).setStoppedAtEos(g.stoppedAtEos()).build());
        }
        result.setVersion(batch.version()).setResults(items).setError(null);
    }

    private static <K, V> void send(Producer<K, V> producer, ProducerRecord<K, V> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot write to " + record.topic(), e);
        }
    }
}
