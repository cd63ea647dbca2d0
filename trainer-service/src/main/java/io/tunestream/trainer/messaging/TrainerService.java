package io.tunestream.trainer.messaging;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tunestream.events.JobStatus;
import io.tunestream.events.SweepState;
import io.tunestream.events.TrainingRecipe;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.events.BaseModelReference;
import io.tunestream.schemas.Topics;
import io.tunestream.stage.SealedDatasetReader;
import io.tunestream.trainer.config.TrainerConfig;
import io.tunestream.model.events.ModelRoots;
import io.tunestream.trainer.domain.BaseModelArchitecture;
import io.tunestream.trainer.domain.BaseModelCatalog;
import io.tunestream.trainer.domain.BaseModels;
import io.tunestream.trainer.metrics.TrainerMetrics;
import io.tunestream.trainer.domain.JobDirectories;
import io.tunestream.trainer.domain.TrainingRequestValidator;
import io.tunestream.kafka.toolkit.CompactedTopicView;
import io.tunestream.trainer.recipe.RecipeBook;
import io.tunestream.trainer.recipe.RecipeValidator;
import io.tunestream.trainer.sweep.SweepRequestValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the trainer at start-up: topics, the job-status view, the publishers and, unless disabled or
 * refused for want of a GPU, the worker thread. REST and health read their state from here.
 */
@ApplicationScoped
public class TrainerService {

    private static final Logger LOG = Logger.getLogger(TrainerService.class);
    /** How long a lookup in the dataset index may take (one small compacted partition). */
    private static final Duration INDEX_TIMEOUT = Duration.ofSeconds(30);

    private final TrainerKafka kafka;
    private final TrainerConfig config;
    private final TrainerMetrics metrics;
    private KafkaProducer<String, SpecificRecord> producer;
    private JobStatusView view;
    private JobStatusPublisher status;
    private final ModelRoots modelRoots;
    private TrainingWorker worker;
    private Thread workerThread;
    private Device device;
    private SweepController sweepController;
    private Thread sweepThread;
    private CompactedTopicView<SweepState> sweepView;
    private CompactedTopicView<TrainingRecipe> recipeView;
    private RecipeTriggerLoop recipeTrigger;
    private Thread recipeThread;

    public TrainerService(TrainerKafka kafka, TrainerConfig config, TrainerMetrics metrics,
            @ConfigProperty(name = ModelRoots.PROPERTY) Optional<String> modelRoots) {
        this.kafka = kafka;
        this.config = config;
        this.metrics = metrics;
        this.modelRoots = ModelRoots.parse(modelRoots.orElse(""));
    }

    /** @return the base models this trainer can load (bundled, and directories under its model roots) */
    public BaseModelCatalog baseModelCatalog() {
        return new BaseModelCatalog(modelRoots);
    }

    /** @return the validator of training requests, with this service's model roots */
    public TrainingRequestValidator requestValidator() {
        return new TrainingRequestValidator(modelRoots);
    }

    /**
     * @param baseModel a base model reference
     * @return LoRA's default targets for its family; empty when its config cannot be read (the validator says why)
     */
    public Optional<List<String>> defaultLoraTargets(String baseModel) {
        try {
            return BaseModelArchitecture
                    .of(baseModel, new BaseModelReference(modelRoots))
                    .map(BaseModelArchitecture::defaultLoraTargets);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** @return the validator of sweep requests, with this service's model roots */
    public SweepRequestValidator sweepValidator() {
        return new SweepRequestValidator(requestValidator());
    }

    void onStart(@Observes StartupEvent event) throws InterruptedException, ExecutionException, TimeoutException {
        TopicNames topics = TopicNames.of(config.topicPrefix());
        if (config.createTopics()) {
            TrainerTopicSetup.ensureTopics(kafka, config);
        }
        producer = kafka.eventProducer();
        status = new JobStatusPublisher(producer, topics.jobs(), workerId());
        view = new JobStatusView(kafka.statusConsumer(), topics.jobs());
        view.onUpdate(metrics::status);
        view.start();
        metrics.bindJobs(view::snapshot);
        device = selectDevice();
        sweepView = new CompactedTopicView<>(kafka.sweepViewConsumer(), sweepsTopic()).start();
        if (config.sweepsEnabled()) {
            sweepController = new SweepController(kafka.sweepControllerConsumer(), kafka.metricsConsumer(),
                    kafka.statusConsumer(), kafka.transactionalProducer("tunestream-sweep-controller-" + workerId()),
                    topics, sweepsTopic(), sweepValidator(), kafka.deadLetterWriter());
            sweepThread = new Thread(sweepController, "sweep-controller");
            sweepThread.start();
        }
        startRecipes();
        if (!config.workerEnabled()) {
            return;
        }
        if (config.requireGpu() && !device.isGpu()) {
            LOG.warn("tunestream.trainer.require-gpu=true and no CUDA device: this worker takes no jobs");
            return;
        }
        startWorker(topics);
    }

    private void startWorker(TopicNames topics) {
        var publishers = new PublishingListener.Publishers(status, new MetricPublisher(producer, topics.metrics(), metrics::record),
                new CheckpointPublisher(producer, topics.checkpoints(), artifactDir(), config.inlineChunkBytes()));
        var index = SealedDatasetReader.IndexLookup.of(kafka::datasetIndexConsumer,
                Topics.name(config.topicPrefix(), Topics.DATASETS_INDEX), INDEX_TIMEOUT);
        var materializer = new DatasetMaterializer(kafka::datasetConsumer, index, topics.prepared(),
                config.datasetWaitTimeout(), new StageRejections(kafka::reportConsumer, Topics.name(config.topicPrefix(), Topics.DATASETS_REPORTS)));
        JobDirectories directories = new JobDirectories(workDir(), artifactDir());
        JobRunner runner = new JobRunner(new JobRunner.Context(materializer, new BaseModels(modelRoots), device,
                publishers, directories, config.metricsEverySteps(),
                config.progressEverySteps(), codeVersion()));
        view.onUpdate(runner::onStatus);
        worker = new TrainingWorker(kafka.requestConsumer(), kafka.deadLetterWriter(), topics, runner, view,
                directories);
        workerThread = new Thread(worker, "training-worker");
        workerThread.start();
        LOG.infof("Training worker %s started on %s", workerId(), device);
    }

    /** The recipes view (REST reads it) and, unless disabled, the recipe trigger. */
    private void startRecipes() {
        RecipeTopics recipeTopics = RecipeTopics.of(config.topicPrefix());
        recipeView = new CompactedTopicView<>(kafka.recipeViewConsumer(), recipeTopics.recipes()).start();
        if (config.recipesEnabled()) {
            recipeTrigger = new RecipeTriggerLoop(kafka.recipeTriggerConsumer(),
                    kafka.transactionalProducer("tunestream-recipe-trigger-" + workerId()),
                    new RecipeTriggerLoop.Views(recipeView, view, sweepView), recipeTopics);
            recipeThread = new Thread(recipeTrigger, "recipe-trigger");
            recipeThread.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (recipeTrigger != null) {
            recipeTrigger.stop();
            recipeThread.join(10_000);
        }
        if (recipeView != null) {
            recipeView.close();
        }
        if (sweepController != null) {
            sweepController.stop();
            sweepThread.join(10_000);
        }
        if (sweepView != null) {
            sweepView.close();
        }
        if (worker != null) {
            worker.stop();
            workerThread.join(TrainingWorker.SHUTDOWN_GRACE.plusSeconds(15).toMillis());
        }
        if (view != null) {
            view.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * @return each enabled background consumer of this trainer (job view, sweeps view, recipes view, sweep controller,
     *         recipe trigger, training worker) and whether its thread still runs
     */
    public Map<String, Boolean> backgroundThreads() {
        Map<String, Boolean> threads = new LinkedHashMap<>();
        threads.put("jobs-view", view != null && view.alive());
        threads.put("sweeps-view", sweepView != null && sweepView.alive());
        threads.put("recipes-view", recipeView != null && recipeView.alive());
        if (sweepController != null) {
            threads.put("sweep-controller", sweepThread.isAlive());
        }
        if (recipeTrigger != null) {
            threads.put("recipe-trigger", recipeThread.isAlive() && recipeTrigger.isRunning());
        }
        if (worker != null) {
            threads.put("training-worker", workerRunning());
        }
        return threads;
    }

    /** @return the status view */
    public JobStatusView view() {
        return view;
    }

    /** @return the status publisher (REST writes QUEUED and cancel requests through it) */
    public JobStatusPublisher statusPublisher() {
        return status;
    }

    /** Publishes a training request (key: job id) and waits for the acknowledgement. */
    public void submit(TrainingRequest request) {
        String topic = TopicNames.of(config.topicPrefix()).requests();
        try {
            producer.send(new ProducerRecord<>(topic, request.getJobId(), request)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot publish training request " + request.getJobId(), e);
        }
    }

    /** @return the validator of recipes, with this service's model roots */
    public RecipeValidator recipeValidator() {
        return new RecipeValidator(requestValidator());
    }

    /** @return the recipes topic, materialised (REST reads; versions numbered from it) */
    public CompactedTopicView<TrainingRecipe> recipes() {
        return recipeView;
    }

    /** Writes a recipe version (key {@code name@version}) and waits for the acknowledgement. */
    public void writeRecipe(TrainingRecipe recipe) {
        String topic = RecipeTopics.of(config.topicPrefix()).recipes();
        try {
            producer.send(new ProducerRecord<>(topic, RecipeBook.key(recipe.getName(), recipe.getVersion()), recipe))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot publish recipe " + recipe.getName() + "@" + recipe.getVersion(), e);
        }
    }

    /** @return the sweeps topic, materialised (REST reads) */
    public CompactedTopicView<SweepState> sweeps() {
        return sweepView;
    }

    /** Writes a new sweep (its first state) to the sweeps topic; its controller takes it from there. */
    public void startSweep(SweepState initial) {
        try {
            producer.send(new ProducerRecord<>(sweepsTopic(), initial.getSweepId(), initial)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot publish sweep " + initial.getSweepId(), e);
        }
    }

    private String sweepsTopic() {
        return Topics.name(config.topicPrefix(), Topics.SWEEPS);
    }

    /** @return the device jobs run on */
    public Device device() {
        return device;
    }

    /** @return whether the worker loop is consuming requests */
    public boolean workerRunning() {
        return worker != null && worker.isRunning() && workerThread.isAlive();
    }

    /** @return the latest status of a job, after catching up with the topic */
    public Optional<JobStatus> status(String jobId) {
        view.awaitCaughtUp(Duration.ofSeconds(5));
        return view.get(jobId);
    }

    static Device selectDevice() {
        DjlRuntime.configure();
        return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    private Path artifactDir() {
        return Path.of(config.artifactDir().orElse(
                Path.of(System.getProperty("user.home"), ".cache", "tunestream", "artifacts").toString()));
    }

    private Path workDir() {
        try {
            return config.workDir().isPresent() ? Files.createDirectories(Path.of(config.workDir().get()))
                    : Files.createTempDirectory("tunestream-trainer-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String workerId() {
        return config.workerId().orElseGet(() -> ProcessHandle.current().pid() + "@" + hostName());
    }

    private String codeVersion() {
        String jar = TrainerService.class.getPackage().getImplementationVersion();
        return config.codeVersion().orElse(jar == null ? "dev" : jar);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
