package io.tunestream.evaluator.messaging;

import io.tunestream.evaluator.service.CheckpointEvaluator;
import io.tunestream.evaluator.service.EvaluationLedger;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.Evaluation;
import io.tunestream.model.events.CheckpointAssembler;
import io.tunestream.model.events.CheckpointAssembler.Assembled;
import io.tunestream.model.events.CheckpointIntegrityException;
import io.tunestream.schemas.Identifiers;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.stage.DatasetUnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
 * The checkpoint consumer: reassembles each checkpoint from its events, evaluates each job's final checkpoint
 * (every checkpoint if configured), and publishes the evaluation (key: model name). A checkpoint that cannot be
 * evaluated (bad chunks or checksum, unknown or incomplete dataset, no test records, a model that does not load)
 * goes to the dead-letter topic with its reason; an undecodable event too. Offsets are committed only when no
 * checkpoint is half-assembled, so a restart never resumes in the middle of one; a redelivered checkpoint is
 * evaluated again under the same evaluation id, which the registry ignores.
 */
public final class CheckpointWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(CheckpointWorker.class);
    private static final String STAGE = "evaluator";
    /** Lineage config key naming the sweep of a trial (set by the trainer). */
    static final String SWEEP_KEY = "sweep";

    private final KafkaConsumer<String, byte[]> consumer;
    private final Producer<String, SpecificRecord> events;
    private final Producer<byte[], byte[]> dlq;
    private final EvaluatorTopics topics;
    private final CheckpointAssembler assembler;
    private final CheckpointEvaluator evaluator;
    private final EvaluationLedger ledger;
    private final boolean evaluateEveryCheckpoint;
    private final EventDeserializer<Checkpoint> decoder = new EventDeserializer<>(Checkpoint.class);
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private volatile boolean running = true;
    /** Job ids of best sweep trials whose final checkpoint has not been seen yet. */
    private final java.util.Set<String> bestOfSweeps = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.function.Function<String, Optional<Assembled>> recoverFinalCheckpoint;
    private final java.util.function.BiPredicate<String, String> evaluatedBefore;

    /**
     * @param recoverFinalCheckpoint a job's final checkpoint reassembled from the log (for a best trial this
     *     instance did not see)
     * @param evaluatedBefore whether an evaluation of (model name, job id) was already published
     */
    CheckpointWorker(KafkaConsumer<String, byte[]> consumer, Producer<String, SpecificRecord> events,
            Producer<byte[], byte[]> dlq, EvaluatorTopics topics, CheckpointAssembler assembler,
            CheckpointEvaluator evaluator, EvaluationLedger ledger, boolean evaluateEveryCheckpoint,
            java.util.function.Function<String, Optional<Assembled>> recoverFinalCheckpoint,
            java.util.function.BiPredicate<String, String> evaluatedBefore) {
        this.consumer = consumer;
        this.events = events;
        this.dlq = dlq;
        this.topics = topics;
        this.assembler = assembler;
        this.evaluator = evaluator;
        this.ledger = ledger;
        this.evaluateEveryCheckpoint = evaluateEveryCheckpoint;
        this.recoverFinalCheckpoint = recoverFinalCheckpoint;
        this.evaluatedBefore = evaluatedBefore;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(java.util.List.of(topics.checkpoints()));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    handle(record);
                    uncommitted.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    if (assembler.pending() == 0) {
                        consumer.commitSync(uncommitted);
                        uncommitted.clear();
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("Checkpoint worker stopped", e);
            throw e;
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * A sweep chose its best trial: evaluate that trial's final checkpoint now if it was seen, or when it arrives.
     *
     * <p>A checkpoint this instance has not seen may have been consumed by it before a restart (the ledger is in
     * memory; the group's offsets are past it): unless an evaluation of the trial was already published, its final
     * checkpoint is reassembled from the checkpoints topic, the log being the state. A restarted instance replays
     * every finished sweep, so the check for an earlier evaluation comes first: it reads the model's partition of
     * the evaluations topic, far smaller than the checkpoints.
     *
     * @param jobId the best trial's job id
     * @param modelName the sweep's model name
     */
    void sweepChose(String jobId, String modelName) {
        Optional<Assembled> seen = ledger.finalCheckpoint(jobId);
        if (seen.isEmpty()) {
            if (evaluatedBefore.test(modelName, jobId)) {
                return;
            }
            seen = recoverFinalCheckpoint.apply(jobId);
            seen.ifPresent(a -> {
                LOG.infof("Best sweep trial %s: final checkpoint %s reassembled from the log", jobId,
                        a.header().getCheckpointId());
                ledger.checkpoint(a);
            });
        }
        if (seen.isPresent()) {
            if (ledger.get(CheckpointEvaluator.evaluationId(seen.get().header().getCheckpointId())).isEmpty()) {
                evaluate(seen.get());
            }
        } else {
            bestOfSweeps.add(jobId);
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

    private void handle(ConsumerRecord<String, byte[]> record) {
        Checkpoint event;
        try {
            event = decoder.deserialize(record.topic(), record.headers(), record.value());
        } catch (EventDecodingException e) {
            deadLetter(record, DeadLetterHeaders.Refusal.of("UNDECODABLE_CHECKPOINT", e), null);
            return;
        }
        if (event == null) {
            return;
        }
        Optional<String> badId = Identifiers.problem("jobId", event.getJobId())
                .or(() -> Identifiers.problem("modelName", event.getModelName()))
                .or(() -> Identifiers.problem("checkpointId", event.getCheckpointId()));
        if (badId.isPresent()) {
            // These become directory and file names (reports, reassembly): never let one name '..'.
            deadLetter(record, new DeadLetterHeaders.Refusal("INVALID_IDENTIFIER", badId.get(), null), event);
            return;
        }
        Optional<Assembled> complete;
        try {
            complete = assembler.accept(event);
        } catch (CheckpointIntegrityException e) {
            deadLetter(record, DeadLetterHeaders.Refusal.of("CHECKPOINT_INTEGRITY", e), event);
            return;
        }
        if (complete.isEmpty()) {
            return;
        }
        ledger.checkpoint(complete.get());
        String sweep = event.getLineage().getConfig().get(SWEEP_KEY);
        if (sweep != null) {
            // A sweep trial: only the sweep's best trial is evaluated, once the sweep has chosen it.
            if (event.getIsFinal() && bestOfSweeps.remove(event.getJobId())) {
                evaluate(complete.get());
            }
        } else if (event.getIsFinal() || evaluateEveryCheckpoint) {
            evaluate(complete.get());
        }
        // Intermediate checkpoints that are not evaluated need not stay on disk.
        if (!event.getIsFinal() && !evaluateEveryCheckpoint) {
            deleteQuietly(complete.get());
        }
    }

    /**
     * Evaluates a complete checkpoint and publishes the result; failures are recorded (and returned empty).
     *
     * @return the published evaluation
     */
    synchronized Optional<Evaluation> evaluate(Assembled checkpoint) {
        Checkpoint header = checkpoint.header();
        String id = CheckpointEvaluator.evaluationId(header.getCheckpointId());
        ledger.pending(id, header.getJobId());
        try {
            long start = System.nanoTime();
            Evaluation evaluation = evaluator.evaluate(checkpoint).event();
            events.send(new ProducerRecord<>(topics.evaluations(), evaluation.getModelName(), evaluation))
                    .get(60, TimeUnit.SECONDS);
            ledger.done(evaluation);
            LOG.infof("Evaluated %s in %.1f s: %s, blessed=%s", header.getCheckpointId(),
                    (System.nanoTime() - start) / 1e9, evaluation.getMetrics(), evaluation.getBlessed());
            return Optional.of(evaluation);
        } catch (RuntimeException e) {
            String reason = e instanceof DatasetUnavailableException d ? "DATASET_" + d.kind()
                    : e instanceof io.tunestream.evaluator.service.EvaluationFailedException ? "NOT_EVALUABLE"
                    : "EVALUATION_ERROR";
            LOG.warnf(e, "Cannot evaluate %s: %s", header.getCheckpointId(), e.getMessage());
            ledger.failed(id, header.getJobId(), reason + ": " + e.getMessage());
            deadLetterEvent(header, DeadLetterHeaders.Refusal.of(reason, e));
            return Optional.empty();
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
                record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                record.value(), DeadLetterHeaders.of(record.headers(), STAGE, refusal,
                        new DeadLetterHeaders.Source(record.topic(), record.partition(), record.offset())));
        send(out);
    }

    /** Dead-letters a checkpoint that decoded and assembled but could not be evaluated: its header event. */
    private void deadLetterEvent(Checkpoint header, DeadLetterHeaders.Refusal refusal) {
        Checkpoint copy = Checkpoint.newBuilder().setCheckpointId(header.getCheckpointId()).setJobId(header.getJobId())
                .setModelName(header.getModelName()).setStep(header.getStep()).setIsFinal(header.getIsFinal())
                .setTask(header.getTask()).setMethod(header.getMethod()).setLabels(header.getLabels())
                .setStorage(header.getStorage()).setSha256(header.getSha256()).setSizeBytes(header.getSizeBytes())
                .setChunkIndex(0).setChunkCount(header.getChunkCount()).setInlineData(null)
                .setArtifactUri(header.getArtifactUri()).setMetrics(header.getMetrics()).setLineage(header.getLineage())
                .setProducedAt(header.getProducedAt()).build();
        byte[] bytes = new io.tunestream.schemas.serde.EventSerializer<>(Checkpoint.class)
                .serialize(topics.checkpointsDlq(), copy);
        send(new ProducerRecord<>(topics.checkpointsDlq(), null,
                header.getJobId().getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes,
                DeadLetterHeaders.of(null, STAGE, refusal, null)));
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
        if (checkpoint != null && checkpoint.header().getStorage() == io.tunestream.events.CheckpointStorage.INLINE) {
            checkpoint.weights().toFile().delete();
        }
    }
}
