package io.tunestream.evaluator.messaging;

import io.tunestream.evaluator.domain.CheckpointRouting;
import io.tunestream.evaluator.domain.CheckpointRouting.BestTrialFacts;
import io.tunestream.evaluator.service.CheckpointEvaluator;
import io.tunestream.evaluator.service.EvaluationLedger;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.CheckpointStorage;
import io.tunestream.events.Evaluation;
import io.tunestream.model.events.CheckpointAssembler;
import io.tunestream.model.events.CheckpointAssembler.Assembled;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.ErrorClassifier;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.serde.EventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The checkpoint consumer: reassembles each checkpoint from its events and moves it where {@link CheckpointRouting}
 * says (evaluate now, await its sweep's choice, skip; refused ones and failed evaluations to the dead-letter topic
 * with the reason {@link CheckpointRouting#errors()} gives), publishing each evaluation (key: model name). Offsets
 * are committed only when no checkpoint is half-assembled, so a restart never resumes in the middle of one; a
 * redelivered checkpoint is evaluated again under the same evaluation id, which the registry ignores.
 */
public final class CheckpointWorker implements Runnable {

    /**
     * The worker's Kafka clients.
     *
     * @param consumer the checkpoints consumer (raw bytes, so a poison record can be dead-lettered as it came)
     * @param events   producer of evaluations
     * @param dlq      producer of dead letters
     * @param topics   topic names
     */
    record Clients(KafkaConsumer<String, byte[]> consumer, Producer<String, SpecificRecord> events,
            Producer<byte[], byte[]> dlq, EvaluatorTopics topics) {
    }

    /**
     * Reads of the log for a best sweep trial this instance did not see.
     *
     * @param recoverFinalCheckpoint a job's final checkpoint reassembled from the checkpoints topic
     * @param evaluatedBefore        whether an evaluation of (model name, job id) was already published
     */
    record SweepLookups(Function<String, Optional<Assembled>> recoverFinalCheckpoint,
            BiPredicate<String, String> evaluatedBefore) {
    }

    private static final Logger LOG = Logger.getLogger(CheckpointWorker.class);
    private static final String STAGE = "evaluator";

    private final KafkaConsumer<String, byte[]> consumer;
    private final Producer<String, SpecificRecord> events;
    private final Producer<byte[], byte[]> dlq;
    private final EvaluatorTopics topics;
    private final CheckpointAssembler assembler;
    private final CheckpointEvaluator evaluator;
    private final EvaluationLedger ledger;
    private final CheckpointRouting routing;
    private final SweepLookups lookups;
    private final EventDeserializer<Checkpoint> decoder = new EventDeserializer<>(Checkpoint.class);
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private volatile boolean running = true;
    /** Job ids of best sweep trials whose final checkpoint has not been seen yet. */
    private final Set<String> bestOfSweeps = ConcurrentHashMap.newKeySet();

    CheckpointWorker(Clients clients, CheckpointAssembler assembler, CheckpointEvaluator evaluator,
            EvaluationLedger ledger, CheckpointRouting routing, SweepLookups lookups) {
        this.consumer = clients.consumer();
        this.events = clients.events();
        this.dlq = clients.dlq();
        this.topics = clients.topics();
        this.assembler = assembler;
        this.evaluator = evaluator;
        this.ledger = ledger;
        this.routing = routing;
        this.lookups = lookups;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.checkpoints()));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    if (!running) {
                        break; // stopping: records not handled stay uncommitted, the next worker gets them
                    }
                    handle(record);
                    uncommitted.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    if (assembler.pending() == 0) {
                        commit();
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            if (!running) { // stopped mid-work (the shutdown grace ran out): not committed, not dead-lettered
                LOG.infof("Checkpoint worker stopped mid-work, its input not committed (a replacement redoes it): %s",
                        e.toString());
                return;
            }
            LOG.error("Checkpoint worker stopped", e);
            throw e;
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * A sweep chose its best trial: evaluate that trial's final checkpoint now if it was seen, or when it arrives
     * (see {@link CheckpointRouting#bestTrial}). A checkpoint this instance has not seen may have been consumed by
     * it before a restart (the ledger is in memory; the group's offsets are past it): it is then reassembled from
     * the checkpoints topic, the log being the state.
     *
     * @param jobId the best trial's job id
     * @param modelName the sweep's model name
     */
    void sweepChose(String jobId, String modelName) {
        Assembled[] at = {ledger.finalCheckpoint(jobId).orElse(null)};
        CheckpointRouting.BestTrialStep step = routing.bestTrial(new BestTrialFacts() {
            @Override
            public boolean seenHere() {
                return at[0] != null;
            }

            @Override
            public boolean evaluatedBefore() {
                return lookups.evaluatedBefore().test(modelName, jobId);
            }

            @Override
            public boolean recoveredFromLog() {
                at[0] = lookups.recoverFinalCheckpoint().apply(jobId).orElse(null);
                if (at[0] != null) {
                    LOG.infof("Best sweep trial %s: final checkpoint %s reassembled from the log", jobId,
                            at[0].header().getCheckpointId());
                    ledger.checkpoint(at[0]);
                }
                return at[0] != null;
            }

            @Override
            public boolean evaluatedHere() {
                return ledger.get(CheckpointEvaluator.evaluationId(at[0].header().getCheckpointId())).isPresent();
            }
        });
        switch (step) {
            case EVALUATE -> evaluate(at[0]);
            case AWAIT -> bestOfSweeps.add(jobId);
            case NOTHING -> {
            }
        }
    }

    /** @return whether the loop is alive */
    boolean isRunning() {
        return running;
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Commits what was handled; a wakeup from {@link #stop} during the work is spent here, the commit retried once. */
    private void commit() {
        try {
            consumer.commitSync(uncommitted);
        } catch (WakeupException stopping) { // the work is done and published: commit it before stopping
            consumer.commitSync(uncommitted);
        }
        uncommitted.clear();
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        Checkpoint event;
        try {
            event = decoder.deserialize(record.topic(), record.headers(), record.value());
        } catch (EventDecodingException e) {
            deadLetter(record, CheckpointRouting.errors().classify(e).refusal(), null);
            return;
        }
        if (event == null) {
            return;
        }
        Optional<String> badId = routing.invalidIdentifier(event);
        if (badId.isPresent()) {
            deadLetter(record, new DeadLetterHeaders.Refusal(CheckpointRouting.INVALID_IDENTIFIER, badId.get(), null),
                    event);
            return;
        }
        if (routing.isStale(event)) {
            LOG.warnf("Ignoring checkpoint %s chunk %d of epoch %d: a newer run of job %s wrote before it (%d stale so far)",
                    event.getCheckpointId(), event.getChunkIndex(), event.getEpoch(), event.getJobId(),
                    routing.staleCount());
            return;
        }
        Optional<Assembled> complete;
        try {
            complete = assembler.accept(event);
        } catch (RuntimeException e) {
            ErrorClassifier.Verdict verdict = CheckpointRouting.errors().classify(e);
            if (verdict.kind() != ErrorClassifier.Kind.POISON) {
                throw e;
            }
            deadLetter(record, verdict.refusal(), event);
            return;
        }
        if (complete.isEmpty()) {
            return;
        }
        ledger.checkpoint(complete.get());
        CheckpointRouting.Route route = routing.route(event, event.getIsFinal() && bestOfSweeps.contains(event.getJobId()));
        if (route.action() == CheckpointRouting.Action.EVALUATE) {
            bestOfSweeps.remove(event.getJobId());
            evaluate(complete.get());
        }
        if (route.deleteWeights()) {
            deleteQuietly(complete.get());
        }
    }

    /**
     * Evaluates a complete checkpoint and publishes the result; a transient failure is tried again up to
     * {@link CheckpointRouting#MAX_ATTEMPTS} times, other failures are recorded and dead-lettered (and returned
     * empty).
     *
     * @return the published evaluation
     */
    synchronized Optional<Evaluation> evaluate(Assembled checkpoint) {
        Checkpoint header = checkpoint.header();
        String id = CheckpointEvaluator.evaluationId(header.getCheckpointId());
        ledger.pending(id, header.getJobId());
        for (int attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            Evaluation evaluation;
            Future<RecordMetadata> sent;
            try {
                evaluation = evaluator.evaluate(checkpoint).event();
                sent = events.send(new ProducerRecord<>(topics.evaluations(), evaluation.getModelName(), evaluation));
            } catch (RuntimeException e) {
                if (!running) { // shutdown closed what the evaluation needed: leave it to a replacement, no DLQ
                    throw new IllegalStateException("evaluation of " + header.getCheckpointId()
                            + " abandoned on shutdown", e);
                }
                ErrorClassifier.Verdict verdict = CheckpointRouting.errors().classify(e);
                if (routing.afterFailure(verdict, attempt) == CheckpointRouting.FailureStep.RETRY) {
                    Duration pause = CheckpointRouting.retryPause(attempt);
                    LOG.warnf(e, "Evaluating %s failed (attempt %d, %s); trying again in %s", header.getCheckpointId(),
                            attempt, verdict.reason(), pause);
                    pauseBeforeRetry(pause, header);
                    continue;
                }
                LOG.warnf(e, "Cannot evaluate %s after %d attempt(s): %s", header.getCheckpointId(), attempt,
                        e.getMessage());
                ledger.failed(id, header.getJobId(), verdict.reason() + ": " + e.getMessage());
                deadLetterEvent(header, verdict.refusal(), attempt);
                return Optional.empty();
            }
            awaitPublished(sent, header, id);
            ledger.done(evaluation);
            LOG.infof("Evaluated %s in %.1f s: %s, blessed=%s", header.getCheckpointId(),
                    (System.nanoTime() - start) / 1e9, evaluation.getMetrics(), evaluation.getBlessed());
            return Optional.of(evaluation);
        }
    }

    private void awaitPublished(Future<RecordMetadata> sent, Checkpoint header, String id) {
        try {
            sent.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            ledger.failed(id, header.getJobId(), "PUBLISH_FAILED: " + e.getMessage());
            throw new IllegalStateException("cannot publish the evaluation of " + header.getCheckpointId(), e);
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, DeadLetterHeaders.Refusal refusal, Checkpoint event) {
        LOG.warnf("Checkpoint event at %s-%d offset %d -> %s: %s %s", record.topic(), record.partition(),
                record.offset(), topics.checkpointsDlq(), refusal.reason(), refusal.detail());
        if (event != null) {
            ledger.failed(CheckpointEvaluator.evaluationId(event.getCheckpointId()), event.getJobId(),
                    refusal.reason() + ": " + refusal.detail());
        }
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topics.checkpointsDlq(), null,
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
                record.value(), DeadLetterHeaders.of(record.headers(), STAGE, refusal,
                        new DeadLetterHeaders.Source(record.topic(), record.partition(), record.offset())));
        send(out);
    }

    /**
     * Dead-letters a checkpoint that decoded and assembled but could not be evaluated: its header event, with the
     * number of attempts when it was tried more than once.
     */
    private void deadLetterEvent(Checkpoint header, DeadLetterHeaders.Refusal refusal, int attempts) {
        Checkpoint copy = Checkpoint.newBuilder(header).setChunkIndex(0).setInlineData(null).build();
        byte[] bytes = new EventSerializer<>(Checkpoint.class).serialize(topics.checkpointsDlq(), copy);
        var headers = DeadLetterHeaders.of(null, STAGE, refusal, null);
        if (attempts > 1) {
            DeadLetterHeaders.withAttempts(headers, attempts);
        }
        send(new ProducerRecord<>(topics.checkpointsDlq(), null, header.getJobId().getBytes(StandardCharsets.UTF_8),
                bytes, headers));
    }

    /** Waits out a retry pause; a shutdown in the meantime abandons the evaluation (no DLQ), as a failure would. */
    private void pauseBeforeRetry(Duration pause, Checkpoint header) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation of " + header.getCheckpointId() + " abandoned: interrupted "
                    + "while waiting to retry", interrupted);
        }
        if (!running) {
            throw new IllegalStateException("evaluation of " + header.getCheckpointId() + " abandoned on shutdown");
        }
    }

    private void send(ProducerRecord<byte[], byte[]> out) {
        try {
            dlq.send(out).get(30, TimeUnit.SECONDS);
        } catch (Exception sendError) {
            if (sendError instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot write to " + out.topic(), sendError);
        }
    }

    /** Deletes an assembled checkpoint's file if this service wrote it (INLINE); a REFERENCE file is the trainer's. */
    static void deleteQuietly(Assembled checkpoint) {
        if (checkpoint != null && checkpoint.header().getStorage() == CheckpointStorage.INLINE) {
            checkpoint.weights().toFile().delete();
        }
    }
}
