package io.tunestream.trainer.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.JobState;
import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import io.tunestream.events.SweepState;
import io.tunestream.events.SweepStatus;
import io.tunestream.events.TrainingRecipe;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.kafka.toolkit.CompactedTopicView;
import io.tunestream.trainer.recipe.PreparedSeal;
import io.tunestream.trainer.recipe.RecipeBook;
import io.tunestream.trainer.recipe.RecipeDecision;
import io.tunestream.trainer.recipe.RecipeReference;
import io.tunestream.trainer.recipe.RecipeTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Moves what {@link RecipeTrigger} decides: reads {@code datasets.prepared} in one consumer group (so each seal is
 * handled by one trainer instance), and for each seal writes the training requests with their QUEUED statuses, the
 * sweeps' first states and the refusal reports of its recipes, in the same Kafka transaction as the input offsets
 * (exactly once: a trigger killed mid-way leaves nothing half-written, and its successor re-reads the seal). The run
 * ids derive from the recipe and dataset versions and existing runs start nothing, so even a seal re-read after a
 * reset of the group's offsets trains once. Recipes come from the compacted recipes topic, read to its end before
 * each seal is judged.
 */
public final class RecipeTriggerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(RecipeTriggerLoop.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final KafkaConsumer<String, DatasetEvent> seals;
    private final Producer<String, SpecificRecord> producer;
    private final Views views;
    private final RecipeTopics topics;
    private final RecipeTrigger trigger = new RecipeTrigger();
    /** Runs this loop wrote, until the views read them back. */
    private final Set<String> written = new HashSet<>();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile boolean running = true;

    /**
     * The state the trigger reads.
     *
     * @param recipes the recipes topic
     * @param jobs the job statuses (a run of a training recipe exists once its QUEUED status does)
     * @param sweeps the sweep states (a run of a sweep recipe exists once its first state does)
     */
    public record Views(CompactedTopicView<TrainingRecipe> recipes, JobStatusView jobs,
            CompactedTopicView<SweepState> sweeps) {
    }

    /**
     * @param seals a consumer of the prepared topic in the trigger's group (read_committed, no auto commit)
     * @param transactional a transactional producer, not yet initialised
     * @param views recipes, jobs and sweeps
     * @param topics topic names
     */
    RecipeTriggerLoop(KafkaConsumer<String, DatasetEvent> seals, Producer<String, SpecificRecord> transactional,
            Views views, RecipeTopics topics) {
        this.seals = seals;
        this.producer = transactional;
        this.views = views;
        this.topics = topics;
    }

    @Override
    public void run() {
        try {
            producer.initTransactions();
            seals.subscribe(List.of(topics.prepared()));
            while (running) {
                ConsumerRecords<String, DatasetEvent> batch = poll();
                if (batch != null && !batch.isEmpty()) {
                    handle(batch);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("Recipe trigger stopped", e);
            throw e;
        } finally {
            running = false;
            seals.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Stops the loop; an open transaction is aborted by the broker when the producer closes. */
    void stop() {
        running = false;
        seals.wakeup();
    }

    /** @return records of the prepared topic skipped because they could not be decoded */
    long undecodable() {
        return undecodable.get();
    }

    private ConsumerRecords<String, DatasetEvent> poll() {
        try {
            return seals.poll(Duration.ofMillis(500));
        } catch (RecordDeserializationException e) {
            // augment owns the prepared topic and its dead letters; the trigger counts and skips what it cannot read
            undecodable.incrementAndGet();
            LOG.warnf("Skipping an undecodable record of %s at offset %d (%d skipped so far)", e.topicPartition(),
                    e.offset(), undecodable.get());
            seals.seek(e.topicPartition(), e.offset() + 1);
            return null;
        }
    }

    private void handle(ConsumerRecords<String, DatasetEvent> batch) {
        List<ProducerRecord<String, SpecificRecord>> out = new ArrayList<>();
        try {
            for (ConsumerRecord<String, DatasetEvent> r : batch) {
                if (r.value() != null && r.value().getBody() instanceof DatasetSeal seal) {
                    out.addAll(onSeal(r.value(), seal));
                }
            }
        } catch (KafkaException e) {
            LOG.warnf("Recipe trigger could not judge the seals, they are read again: %s", e.toString());
            rewind(batch);
            return;
        }
        producer.beginTransaction();
        try {
            out.forEach(producer::send);
            producer.sendOffsetsToTransaction(next(batch), seals.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            // another instance with this transactional id took over: this one must stop writing
            throw e;
        } catch (KafkaException e) {
            LOG.warnf("Recipe trigger transaction failed, the seals are read again: %s", e.toString());
            producer.abortTransaction();
            rewind(batch);
        }
    }

    private List<ProducerRecord<String, SpecificRecord>> onSeal(DatasetEvent event, DatasetSeal seal) {
        PreparedSeal prepared = new PreparedSeal(event.getDatasetId(), event.getVersion(), seal.getConfig(),
                event.getProducedAt());
        if (!views.recipes().awaitCaughtUp(CATCH_UP) || !views.jobs().awaitCaughtUp(CATCH_UP)
                || !views.sweeps().awaitCaughtUp(CATCH_UP)) {
            throw new KafkaException("the recipes, jobs or sweeps view did not catch up within " + CATCH_UP);
        }
        RecipeBook book = new RecipeBook(views.recipes().snapshot().values());
        List<RecipeDecision> decisions = trigger.onPreparedSeal(prepared, book, id -> written.contains(id)
                || views.jobs().get(id).isPresent() || views.sweeps().get(id).isPresent());
        List<ProducerRecord<String, SpecificRecord>> out = new ArrayList<>();
        for (RecipeDecision decision : decisions) {
            out.addAll(records(decision, event, seal));
        }
        return out;
    }

    private List<ProducerRecord<String, SpecificRecord>> records(RecipeDecision decision, DatasetEvent event,
            DatasetSeal seal) {
        String dataset = DatasetKeys.of(event.getDatasetId(), event.getVersion());
        if (decision instanceof RecipeDecision.Train t) {
            written.add(t.request().getJobId());
            String why = "recipe " + t.recipe().getName() + "@" + t.recipe().getVersion() + " for dataset " + dataset;
            LOG.infof("Training %s: %s", t.request().getJobId(), why);
            return List.of(new ProducerRecord<>(topics.requests(), t.request().getJobId(), t.request()),
                    new ProducerRecord<>(topics.jobs(), t.request().getJobId(),
                            JobStatusPublisher.of(t.request(), JobState.QUEUED).setMessage(why).build()));
        }
        if (decision instanceof RecipeDecision.Sweep s) {
            written.add(s.request().getSweepId());
            String why = "recipe " + s.recipe().getName() + "@" + s.recipe().getVersion() + " for dataset " + dataset;
            LOG.infof("Sweeping %s: %s", s.request().getSweepId(), why);
            return List.of(new ProducerRecord<>(topics.sweeps(), s.request().getSweepId(),
                    SweepState.newBuilder().setSweepId(s.request().getSweepId()).setRequest(s.request())
                            .setStatus(SweepStatus.RUNNING).setTrials(new ArrayList<>()).setBestTrialId(null)
                            .setMessage("started by " + why).setUpdatedAt(Instant.now()).build()));
        }
        if (decision instanceof RecipeDecision.Refuse r) {
            LOG.warnf("Recipe %s for dataset %s refused: %s", r.recipe(), dataset, r.reason());
            return List.of(new ProducerRecord<>(topics.reports(), dataset, report(event, seal, r)));
        }
        RecipeDecision.AlreadyStarted a = (RecipeDecision.AlreadyStarted) decision;
        LOG.infof("Recipe %s for dataset %s: run %s exists, nothing started", a.recipe(), dataset, a.runId());
        return List.of();
    }

    /** A REJECTED report of stage {@code recipe}: every record of the version counted as not trained, with why. */
    static StageReport report(DatasetEvent event, DatasetSeal seal, RecipeDecision.Refuse refusal) {
        Map<String, Long> dropped = new HashMap<>();
        dropped.put("recipe_unavailable", seal.getRecordCount());
        Map<String, String> config = new HashMap<>();
        config.put(RecipeReference.CONFIG_KEY, refusal.recipe());
        return StageReport.newBuilder()
                .setReportId("recipe-" + DatasetKeys.of(event.getDatasetId(), event.getVersion()) + "-" + refusal.recipe())
                .setDatasetId(event.getDatasetId()).setVersion(event.getVersion()).setStage("recipe")
                .setRecordsIn(seal.getRecordCount()).setRecordsOut(0).setGenerated(0).setDropped(dropped)
                .setDeadLettered(0).setLabelsIn(new HashMap<>(seal.getLabelCounts())).setLabelsOut(new HashMap<>())
                .setConfig(config).setStatus(StageStatus.REJECTED).setMessage(refusal.reason())
                .setProducedAt(Instant.now()).build();
    }

    /** The consumer's positions (past the transaction markers too, so the group's lag reads 0 once caught up). */
    private Map<TopicPartition, OffsetAndMetadata> next(ConsumerRecords<String, DatasetEvent> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition p : batch.partitions()) {
            offsets.put(p, new OffsetAndMetadata(seals.position(p)));
        }
        return offsets;
    }

    private void rewind(ConsumerRecords<String, DatasetEvent> batch) {
        for (TopicPartition p : batch.partitions()) {
            seals.seek(p, batch.records(p).get(0).offset());
        }
        written.clear();
    }
}
