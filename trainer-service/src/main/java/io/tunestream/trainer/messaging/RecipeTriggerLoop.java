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
import io.tunestream.kafka.toolkit.ConsumerLoop;
import io.tunestream.kafka.toolkit.ConsumerLoopSettings;
import io.tunestream.schemas.serde.EventDeserializer;
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
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.jboss.logging.Logger;

/**
 * Moves what {@link RecipeTrigger} decides: reads {@code datasets.prepared} in one consumer group (so each seal is
 * handled by one trainer instance), and for each seal writes the training requests with their QUEUED statuses, the
 * sweeps' first states and the refusal reports of its recipes, in the same Kafka transaction as the input offsets
 * (exactly once: a trigger killed mid-way leaves nothing half-written, and its successor re-reads the seal). The run
 * ids derive from the recipe and dataset versions and existing runs start nothing, so even a seal re-read after a
 * reset of the group's offsets trains once. Recipes come from the compacted recipes topic, read to its end before
 * each seal is judged.
 * <p>The reading is a {@link ConsumerLoop}: only seals get work (dataset records are passed over and committed), a
 * seal whose views did not catch up or whose transaction failed is tried again with a bounded back-off, a fenced
 * producer stops the loop, and records that cannot be decoded are counted and skipped (augment owns the prepared
 * topic and its dead letters).
 */
public final class RecipeTriggerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(RecipeTriggerLoop.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final Producer<String, SpecificRecord> producer;
    private final Views views;
    private final RecipeTopics topics;
    private final ConsumerLoop<DatasetEvent> loop;
    private final RecipeTrigger trigger = new RecipeTrigger();
    /** Runs this loop wrote, until the views read them back (touched by the loop's work thread only). */
    private final Set<String> written = new HashSet<>();

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
     * @param seals a consumer of the prepared topic in the trigger's group (raw values, read_committed, no auto
     *     commit)
     * @param transactional a transactional producer, not yet initialised
     * @param views recipes, jobs and sweeps
     * @param topics topic names
     */
    RecipeTriggerLoop(Consumer<String, byte[]> seals, Producer<String, SpecificRecord> transactional, Views views,
            RecipeTopics topics) {
        this.producer = transactional;
        this.views = views;
        this.topics = topics;
        ConsumerLoopSettings<DatasetEvent> settings = ConsumerLoopSettings.of("recipe-trigger",
                List.of(topics.prepared()), new EventDeserializer<>(DatasetEvent.class))
                .withSelect(r -> r.value() != null && r.value().getBody() instanceof DatasetSeal)
                .withClassifier(RecipeTriggerLoop::classify)
                .withRetry(10, Duration.ofSeconds(1), Duration.ofSeconds(30));
        this.loop = new ConsumerLoop<>(seals, settings, (record, context) -> judge(record.value(), context),
                Optional.empty());
    }

    @Override
    public void run() {
        try {
            producer.initTransactions();
            loop.run();
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Stops the loop; an open transaction is aborted by the broker when the producer closes. */
    void stop() {
        loop.close();
    }

    /** @return whether the trigger still reads seals */
    boolean isRunning() {
        return loop.alive();
    }

    /** @return records of the prepared topic skipped because they could not be decoded */
    long undecodable() {
        return loop.counts().skipped();
    }

    /** A fenced producer means another instance took over: stop. Anything else Kafka throws is worth a retry. */
    private static ConsumerLoop.Verdict classify(Throwable error) {
        if (error instanceof ProducerFencedException) {
            return ConsumerLoop.Verdict.STOP;
        }
        return error instanceof KafkaException ? ConsumerLoop.Verdict.RETRY : ConsumerLoop.Verdict.DEAD_LETTER;
    }

    /** Judges one seal and writes what it decides, with the seal's offset, in one transaction. */
    private void judge(DatasetEvent event, ConsumerLoop.WorkContext context) {
        List<ProducerRecord<String, SpecificRecord>> out = onSeal(event, (DatasetSeal) event.getBody());
        producer.beginTransaction();
        try {
            out.forEach(producer::send);
            producer.sendOffsetsToTransaction(context.offsets(), context.group());
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warnf("Recipe trigger transaction failed, the seal is judged again: %s", e.toString());
            producer.abortTransaction();
            written.clear();
            throw e;
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
}
