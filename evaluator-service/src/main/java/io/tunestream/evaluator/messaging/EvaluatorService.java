package io.tunestream.evaluator.messaging;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tunestream.evaluator.config.EvaluatorConfig;
import io.tunestream.evaluator.domain.BlessingGate;
import io.tunestream.evaluator.domain.BlessingPolicy;
import io.tunestream.evaluator.domain.BootstrapSettings;
import io.tunestream.evaluator.domain.EvaluationMetric;
import io.tunestream.evaluator.service.CheckpointEvaluator;
import io.tunestream.evaluator.service.EvaluationLedger;
import io.tunestream.evaluator.service.LanguageModelEvaluator;
import io.tunestream.evaluator.service.RegisteredModels;
import io.tunestream.evaluator.service.Scorer;
import io.tunestream.evaluator.service.ScoringAnswers;
import io.tunestream.events.Evaluation;
import io.tunestream.events.ModelVersion;
import io.tunestream.events.SweepState;
import io.tunestream.events.SweepStatus;
import io.tunestream.model.DjlRuntime;
import io.tunestream.evaluator.domain.CallerConcurrencyLimit;
import io.tunestream.evaluator.domain.CheckpointRouting;
import io.tunestream.model.BundledModel;
import io.tunestream.model.events.BaseModelReference;
import io.tunestream.model.events.ModelRoots;
import io.tunestream.schemas.Identifiers;
import io.tunestream.schemas.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.tunestream.model.events.CheckpointAssembler;
import io.tunestream.model.events.CheckpointAssembler.Assembled;
import io.tunestream.model.events.TrainedLanguageModel;
import io.tunestream.model.events.TrainedModel;
import io.tunestream.security.Roles;
import io.tunestream.security.ServiceCredentials;
import io.tunestream.kafka.toolkit.CompactedTopicView;
import io.tunestream.stage.SealedDatasetReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import io.tunestream.evaluator.metrics.EvaluatorMetrics;
import io.tunestream.evaluator.report.RegisteredReportTitles;
import org.jboss.logging.Logger;

/**
 * Wires the evaluator at start-up: the models view, the evaluation pipeline, the checkpoint worker (unless disabled)
 * and the scorer behind the REST scoring calls and the scoring channel ({@link ScoringProcessor}). REST and health
 * read their state from here.
 */
@ApplicationScoped
public class EvaluatorService {

    private static final Logger LOG = Logger.getLogger(EvaluatorService.class);
    /** How long a lookup in the dataset index may take (one small compacted partition). */
    private static final Duration INDEX_TIMEOUT = Duration.ofSeconds(30);

    private final EvaluatorKafka kafka;
    private final EvaluatorConfig config;
    private final ServiceCredentials credentials;
    private final EvaluationLedger ledger;
    private KafkaProducer<String, SpecificRecord> producer;
    private KafkaProducer<byte[], byte[]> dlq;
    private CompactedTopicView<ModelVersion> models;
    private CompactedTopicView<SweepState> sweeps;
    /** Every evaluation on the topic, into the ledger (the view's latest-per-model map is not used). */
    private CompactedTopicView<Evaluation> evaluations;
    /** A job's final checkpoint, reassembled from its partition of the checkpoints topic. */
    private Function<String, Optional<Assembled>> recoverFinalCheckpoint;
    private CheckpointWorker checkpointWorker;
    /** The scoring path's answers, once start-up has built the scorer ({@link ScoringProcessor} waits for it). */
    private final CompletableFuture<ScoringAnswers> scoringAnswers = new CompletableFuture<>();
    private Scorer scorer;
    private Device device;
    private Thread checkpointThread;
    private final ExecutorService requests = Executors.newSingleThreadExecutor(r -> new Thread(r, "evaluation-request"));

    private final CallerConcurrencyLimit callerLimit;
    private final EvaluatorMetrics metrics;
    private final ModelRoots modelRoots;

    public EvaluatorService(EvaluatorKafka kafka, EvaluatorConfig config, EvaluatorMetrics metrics,
            ServiceCredentials credentials, @ConfigProperty(name = ModelRoots.PROPERTY) Optional<String> modelRoots) {
        this.kafka = kafka;
        this.config = config;
        this.credentials = credentials;
        this.metrics = metrics;
        this.ledger = new EvaluationLedger(metrics::evaluated);
        metrics.bindRunning(ledger::running);
        this.callerLimit = new CallerConcurrencyLimit(config.maxConcurrentRequestsPerCaller());
        this.modelRoots = ModelRoots.parse(modelRoots.orElse(""));
    }

    /** @return the limit of requests running at once per caller, shared by re-evaluations and scoring */
    public CallerConcurrencyLimit callerLimit() {
        return callerLimit;
    }

    /**
     * @param reference a base model reference of a registered version
     * @return its Hugging Face directory (for exports)
     * @throws IllegalArgumentException for the bundled model or a directory under no model root
     */
    public Path baseDirectory(String reference) {
        if (BundledModel.byReference(reference).isPresent()) {
            throw new IllegalArgumentException("the bundled " + reference + " has no Hugging Face directory to export from");
        }
        return new BaseModelReference(modelRoots).directory(reference);
    }

    void onStart(@Observes StartupEvent event) {
        EvaluatorTopics topics = EvaluatorTopics.of(config.topicPrefix());
        Path work = workDir();
        device = selectDevice();
        producer = kafka.eventProducer();
        dlq = kafka.rawProducer();
        models = new CompactedTopicView<>(kafka.modelsConsumer(), topics.models()).start();
        BaseModelReference bases = new BaseModelReference(modelRoots);
        CheckpointEvaluator.Loader loader = (spec, weights) -> TrainedModel.load(spec, weights, bases, device);
        RegisteredModels registered = new RegisteredModels(models, config.registryUrl(),
                credentials.authorization(Roles.READER), work.resolve("registry-cache"));
        EvaluatorConfig.LanguageModel lm = config.languageModel();
        LanguageModelEvaluator languageModels = new LanguageModelEvaluator(
                (spec, weights) -> TrainedLanguageModel.load(spec, weights, bases, device),
                new LanguageModelEvaluator.Settings(lm.samples(), lm.extraNewTokens(), lm.maxNewTokens(),
                        config.batchSize()), BootstrapSettings.defaults());
        CheckpointEvaluator evaluator = new CheckpointEvaluator(
                KafkaSources.testSplit(new SealedDatasetReader(kafka::datasetConsumer,
                        SealedDatasetReader.IndexLookup.of(kafka::datasetIndexConsumer,
                                Topics.name(config.topicPrefix(), Topics.DATASETS_INDEX), INDEX_TIMEOUT),
                        topics.prepared(), config.datasetWaitTimeout())),
                registered, KafkaSources.curves(kafka::metricsConsumer, topics.metrics()), loader, languageModels,
                new BlessingGate(policy()), work.resolve("reports"), config.batchSize(), Clock.systemUTC());
        scorer = new Scorer(registered, loader, (spec, weights) -> TrainedLanguageModel.load(spec, weights, bases,
                device), config.batchSize(), config.scoringCacheSize());
        scoringAnswers.complete(new ScoringAnswers(scorer, Clock.systemUTC()));
        recoverFinalCheckpoint = KafkaSources.finalCheckpoint(kafka::checkpointsConsumer, topics.checkpoints(),
                work.resolve("recovered"), artifactRoots());
        checkpointWorker = new CheckpointWorker(
                new CheckpointWorker.Clients(kafka.workerConsumer(config.groupId()), producer, dlq, topics),
                new CheckpointAssembler(work.resolve("checkpoints"), artifactRoots()), evaluator, ledger,
                new CheckpointRouting(config.evaluateEveryCheckpoint()),
                new CheckpointWorker.SweepLookups(recoverFinalCheckpoint,
                        KafkaSources.evaluated(kafka::evaluationsConsumer, topics.evaluations())));
        // REST answers for every published evaluation, whoever published it and whenever: the topic is the record
        evaluations = new CompactedTopicView<>(kafka.evaluationsConsumer(), topics.evaluations());
        evaluations.onUpdate(ledger::published);
        // reports are written before the registry numbers the version: retitle them once it has
        RegisteredReportTitles titles = new RegisteredReportTitles(work.resolve("reports"),
                id -> ledger.get(id).flatMap(entry -> Optional.ofNullable(entry.event())),
                id -> models.snapshot().values().stream().filter(v -> id.equals(v.getEvaluationId())).findFirst());
        models.onUpdate(titles::versionRegistered);
        evaluations.onUpdate(titles::evaluationPublished);
        evaluations.start();
        if (!config.workerEnabled()) {
            return;
        }
        checkpointThread = new Thread(checkpointWorker, "checkpoint-worker");
        checkpointThread.start();
        // Sweeps: the best trial of a finished sweep is evaluated (and so registered) like any job; other trials not.
        sweeps = new CompactedTopicView<>(kafka.sweepsConsumer(), Topics.name(config.topicPrefix(),
                Topics.SWEEPS));
        sweeps.onUpdate(state -> {
            if (state.getStatus() == SweepStatus.SUCCEEDED && state.getBestTrialId() != null) {
                state.getTrials().stream().filter(t -> t.getTrialId().equals(state.getBestTrialId())).findFirst()
                        .ifPresent(t -> requests.submit(() -> {
                            try {
                                checkpointWorker.sweepChose(t.getJobId(), state.getRequest().getModelName());
                            } catch (RuntimeException e) {
                                LOG.errorf(e, "Cannot evaluate the best trial %s of sweep %s", t.getJobId(),
                                        state.getSweepId());
                            }
                        }));
            }
        });
        sweeps.start();
        LOG.infof("Evaluator started on %s; reports and artifacts under %s", device, work);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (checkpointWorker != null && checkpointThread != null) {
            checkpointWorker.stop(); // the evaluation in hand finishes and commits within the grace ...
            checkpointThread.join(config.shutdownGrace().toMillis());
            if (checkpointThread.isAlive()) { // ... or is abandoned uncommitted once the producers close below
                LOG.warnf("Evaluation still running after the %s shutdown grace: stopping without committing it",
                        config.shutdownGrace());
            }
        }
        requests.shutdownNow();
        if (sweeps != null) {
            sweeps.close();
        }
        if (evaluations != null) {
            evaluations.close();
        }
        if (models != null) {
            models.close();
        }
        if (scorer != null) {
            scorer.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            dlq.close(Duration.ofSeconds(5));
        }
    }

    /** @return what this instance has evaluated */
    public EvaluationLedger ledger() {
        return ledger;
    }

    /**
     * @param timeout how long to wait for start-up to build the scorer
     * @return the answers of the scoring topic path
     * @throws IllegalStateException when start-up has not built it within the timeout
     */
    public ScoringAnswers scoringAnswers(Duration timeout) {
        try {
            return scoringAnswers.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the evaluator to start", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the evaluator's scorer is not ready after " + timeout, e);
        }
    }

    /** @return the scorer (REST batch scoring) */
    public Scorer scorer() {
        return scorer;
    }

    /** @return whether the checkpoint worker is consuming (always true when workers are disabled) */
    /**
     * @return each enabled background consumer (the models, evaluations and sweeps views, the checkpoint worker)
     *         and whether its thread still runs (the scoring channel reports to SmallRye's own health checks)
     */
    public Map<String, Boolean> backgroundThreads() {
        Map<String, Boolean> threads = new LinkedHashMap<>();
        threads.put("models-view", models != null && models.alive());
        threads.put("evaluations-view", evaluations != null && evaluations.alive());
        if (config.workerEnabled()) {
            threads.put("sweeps-view", sweeps != null && sweeps.alive());
            threads.put("checkpoint-worker", checkpointThread != null && checkpointThread.isAlive()
                    && checkpointWorker.isRunning());
        }
        return threads;
    }

    public boolean healthy() {
        return !config.workerEnabled() || (checkpointThread != null && checkpointThread.isAlive()
                && checkpointWorker.isRunning());
    }

    /**
     * Evaluates a job's final checkpoint again, in the background.
     *
     * @return the evaluation id, or empty when the checkpoints topic holds no complete final checkpoint of the job
     */
    public Optional<String> reevaluate(String jobId) {
        return reevaluate(jobId, () -> { });
    }

    /**
     * As {@link #reevaluate(String)}, running {@code whenDone} when the evaluation ends (or at once when there is
     * nothing to evaluate), however it ends.
     */
    public Optional<String> reevaluate(String jobId, Runnable whenDone) {
        Identifiers.require("jobId", jobId);
        // the checkpoint this instance assembled, or (after a restart, on another replica, or with its file gone)
        // the job's latest final checkpoint reassembled from the checkpoints topic
        Optional<Assembled> checkpoint = ledger.finalCheckpoint(jobId)
                .filter(c -> c.weights().toFile().isFile())
                .or(() -> recoverFinalCheckpoint.apply(jobId));
        if (checkpoint.isEmpty()) {
            whenDone.run();
            return Optional.empty();
        }
        String id = CheckpointEvaluator.evaluationId(checkpoint.get().header().getCheckpointId());
        ledger.pending(id, jobId);
        CompletableFuture<Optional<Evaluation>> ignored = CompletableFuture.supplyAsync(
                () -> checkpointWorker.evaluate(checkpoint.get()), requests).whenComplete((r, e) -> whenDone.run());
        return Optional.of(id);
    }

    private BlessingPolicy policy() {
        EvaluatorConfig.Blessing b = config.blessing();
        return new BlessingPolicy(EvaluationMetric.named(b.thresholdMetric()), b.minimum(), b.test(), b.alpha(),
                b.classF1Tolerance(), new BlessingPolicy.LanguageModelRule(b.maxPerplexity(), b.languageModelTest()));
    }

    private List<Path> artifactRoots() {
        return config.artifactRoots().stream().map(Path::of).toList();
    }

    private Path workDir() {
        return Path.of(config.workDir().orElse(
                Path.of(System.getProperty("user.home"), ".cache", "tunestream", "evaluator").toString()));
    }

    private static Device selectDevice() {
        DjlRuntime.configure();
        return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
}
