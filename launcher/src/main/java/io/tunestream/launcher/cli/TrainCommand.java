package io.tunestream.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tunestream train}: submits a fine-tuning job to trainer-service ({@code POST /jobs}) built from the options,
 * prints its id, and with {@code --wait} follows it on a progress bar until it ends (exit 1 unless it succeeded).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune a model on a prepared dataset version.",
                "Unset settings take the trainer's defaults (shown below). With --wait, follows the job to its end.",
                "Causal LM: --task causal_lm --base-model DIR, DIR a Hugging Face decoder (llama, qwen2, mistral, gpt2)"
                        + " under a model root of the trainer (tunestream.models.roots)."})
public final class TrainCommand extends CliCommand {

    /** The methods, as the CLI spells them, and the trainer's names for them. */
    static final Map<String, String> METHODS = Map.of("lora", "LORA", "adapter", "ADAPTER", "prompt", "PROMPT_TUNING",
            "full", "FULL");
    /** The tasks, as the CLI spells them, and the trainer's names for them. */
    static final Map<String, String> TASKS = Map.of("classification", "CLASSIFICATION", "regression", "REGRESSION",
            "causal_lm", "CAUSAL_LM", "causal-lm", "CAUSAL_LM");

    @Option(names = "--dataset", required = true, paramLabel = "ID[@V]", description = "Dataset id (and version).")
    String dataset;

    @Option(names = "--dataset-version", paramLabel = "V", description = "Dataset version (or use --dataset ID@V).")
    String datasetVersion;

    @Option(names = "--method", required = true, paramLabel = "METHOD", converter = MethodConverter.class,
            description = "lora | adapter | prompt | full.")
    String method;

    @Option(names = "--model-name", paramLabel = "NAME", description = "Registry model name (default: the dataset id).")
    String modelName;

    @Option(names = "--base-model", paramLabel = "REF", description = {
        "Base model: bundled:all-minilm-l6-v2 (default, English), bundled:bge-small-zh-v1.5 (Chinese), or a "
                + "Hugging Face directory (config.json, model.safetensors, tokenizer.json) as a path or as a name "
                + "relative to a model root; `tunestream models --base` lists them.",
        "The trainer reads only directories under its model roots: set tunestream.models.roots "
                + "(env TUNESTREAM_MODELS_ROOTS, comma-separated directories) before `tunestream up`."})
    String baseModel;

    @Option(names = "--task", paramLabel = "TASK", converter = TaskConverter.class,
            description = "classification (default) | regression | causal_lm (loss on the completion of prompt/completion "
                    + "records, or on the whole text; needs a decoder base model).")
    String task;

    @Option(names = "--pooling", paramLabel = "cls|mean", description = "Sentence pooling of the classifier head "
            + "(default: the base model's own: CLS for BGE, mean for MiniLM and directories that declare none).")
    String pooling;

    @Option(names = "--job-id", paramLabel = "ID", description = "Job id (default: generated).")
    String jobId;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed.")
    Long seed;

    @ArgGroup(exclusive = false, heading = "%nMethod settings:%n")
    MethodOptions methodOptions = new MethodOptions();

    @ArgGroup(exclusive = false, heading = "%nHyper-parameters:%n")
    HyperOptions hyper = new HyperOptions();

    @Option(names = "--wait", description = "Follow the job with a progress bar until it ends, then wait for its "
            + "evaluation and its registration as a model version.")
    boolean waitForEnd;

    @Option(names = "--timeout", defaultValue = "0", paramLabel = "SECONDS",
            description = "With --wait: give up after this long (0: never).")
    long timeoutSeconds;

    @Mixin
    Connection connection;

    /** With --wait and no --timeout: how long evaluation and registration may take after training. */
    private static final Duration AFTER_TRAINING_TIMEOUT = Duration.ofMinutes(30);

    /** LoRA, Adapter, Prompt Tuning and full fine-tuning settings. */
    static final class MethodOptions {
        @Option(names = "--lora-rank", paramLabel = "R", description = "LoRA rank (default 8).") Integer loraRank;
        @Option(names = "--lora-alpha", paramLabel = "A", description = "LoRA alpha; scale alpha/r (default 16).")
        Float loraAlpha;
        @Option(names = "--lora-dropout", paramLabel = "P", description = "Dropout on the LoRA path (default 0.1).")
        Float loraDropout;
        @Option(names = {"--lora-targets", "--target-modules"}, split = ",", paramLabel = "M,..", description =
                "Modules LoRA wraps (default: the base family's query and value projections: query,value for BERT, "
                        + "q_proj,v_proj for Llama/Qwen2/Mistral, c_attn for GPT-2).")
        List<String> targetModules;
        @Option(names = "--adapter-size", paramLabel = "N", description = "Adapter bottleneck size (default 64).")
        Integer adapterSize;
        @Option(names = "--prompt-length", paramLabel = "N", description = "Soft prompt tokens (default 20).")
        Integer promptLength;
        @Option(names = "--prompt-init-text", paramLabel = "TEXT",
                description = "Text whose token embeddings start the soft prompt (default: random).")
        String promptInitText;
        @Option(names = "--freeze-embeddings", description = "Full fine-tuning: keep the embeddings frozen.")
        Boolean freezeEmbeddings;
    }

    /** Optimiser, schedule and loop settings. */
    static final class HyperOptions {
        @Option(names = "--epochs", paramLabel = "N", description = "Passes over the train split (default 3).")
        Integer epochs;
        @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N optimizer steps (overrides --epochs).")
        Integer maxSteps;
        @Option(names = "--batch-size", paramLabel = "N", description = "Examples per micro-batch (default 16).")
        Integer batchSize;
        @Option(names = "--grad-accum", paramLabel = "N", description = "Gradient accumulation steps (default 1).")
        Integer gradientAccumulation;
        @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate, AdamW (default 2e-4).")
        Double learningRate;
        @Option(names = "--warmup-steps", paramLabel = "N", description = "Warm-up steps (default: --warmup-ratio).")
        Integer warmupSteps;
        @Option(names = "--warmup-ratio", paramLabel = "F", description = "Warm-up share of all steps (default 0.06).")
        Double warmupRatio;
        @Option(names = "--schedule", paramLabel = "S", description = "cosine (default) | linear | step | constant.")
        String schedule;
        @Option(names = "--weight-decay", paramLabel = "F", description = "AdamW weight decay (default 0.01).")
        Double weightDecay;
        @Option(names = "--max-length", paramLabel = "TOKENS", description = "Max sequence length (default 128).")
        Integer maxSequenceLength;
        @Option(names = "--clip-norm", paramLabel = "F", description = "Global gradient-norm clipping (default 1.0).")
        Double clipNorm;
        @Option(names = "--eval-every", paramLabel = "STEPS", description = "Validate every N steps (default: each epoch).")
        Integer evalEverySteps;
        @Option(names = "--early-stopping-patience", paramLabel = "N",
                description = "Evaluations without improvement before stopping (default: never stop early).")
        Integer earlyStoppingPatience;
        @Option(names = "--early-stopping-metric", paramLabel = "METRIC", description = "Metric early stopping and "
                + "keep-the-best watch (default val_loss): accuracy, f1_macro; val_perplexity, val_token_accuracy for "
                + "causal_lm.")
        String earlyStoppingMetric;
        @Option(names = "--mixed-precision", negatable = true, description = "Mixed precision (GPU only; default on).")
        Boolean mixedPrecision;
        @Option(names = "--loss", paramLabel = "mse|huber", description = "Regression loss (default mse).")
        String regressionLoss;
        @Option(names = "--huber-delta", paramLabel = "F", description = "Huber loss: quadratic below, linear above (default 1.0).")
        Double huberDelta;
    }

    /** Accepts the CLI's method names in any case; anything else is a usage error listing them. */
    static final class MethodConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String method = METHODS.get(value.toLowerCase(Locale.ROOT));
            if (method == null) {
                throw new CommandLine.TypeConversionException("unknown method '" + value
                        + "': use one of lora, adapter, prompt, full");
            }
            return method;
        }
    }

    /** Accepts the CLI's task names in any case; anything else is a usage error listing them. */
    static final class TaskConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String task = TASKS.get(value.toLowerCase(Locale.ROOT));
            if (task == null) {
                throw new CommandLine.TypeConversionException("unknown task '" + value
                        + "': use one of classification, regression, causal_lm");
            }
            return task;
        }
    }

    @Override
    int execute() throws Exception {
        ServiceClient trainer = connection.client(Service.TRAINER);
        JsonNode accepted = trainer.expectOk(trainer.postJson("/jobs", request()));
        String id = accepted.path("jobId").asText();
        out().println("submitted job " + id + " (" + accepted.path("state").asText() + ")");
        if (!waitForEnd) {
            out().println("follow it with `tunestream watch " + id + "`");
            return 0;
        }
        out().flush();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        JobStatus ended = new JobFollower(connection).follow(id, progressBar("train " + id), timeout);
        int code = report(out(), err(), ended);
        if (code != 0) {
            return code;
        }
        // the evaluator scores the final checkpoint and the registry registers it on their own: wait for both
        String model = accepted.hasNonNull("modelName") ? accepted.path("modelName").asText() : modelName;
        ModelPhase phase = new ModelPhase(connection, out(), System.console() != null);
        Duration phaseTimeout = timeoutSeconds > 0 ? timeout : AFTER_TRAINING_TIMEOUT;
        JsonNode evaluation = phase.awaitEvaluation("eval-" + id + "-final", phaseTimeout);
        printEvaluation(evaluation);
        if (model == null) {
            return 0;
        }
        Optional<JsonNode> version = phase.awaitVersion(model, evaluation, phaseTimeout);
        if (version.isEmpty()) {
            throw new CliException("the registry has not registered " + model + " for evaluation "
                    + evaluation.path("evaluationId").asText() + " after " + phaseTimeout.toSeconds() + " s");
        }
        JsonNode v = version.get();
        out().println("registered " + v.path("name").asText(model) + " version " + v.path("version").asInt()
                + ", aliases " + v.path("aliases"));
        return 0;
    }

    private void printEvaluation(JsonNode e) {
        StringBuilder metrics = new StringBuilder();
        e.path("metrics").fields().forEachRemaining(m -> {
            if (m.getValue().isNumber() && metrics.length() < 120) {
                metrics.append(metrics.length() == 0 ? "" : ", ").append(m.getKey()).append(' ')
                        .append(String.format(Locale.ROOT, "%.4f", m.getValue().asDouble()));
            }
        });
        out().println("evaluated on " + e.path("testRecords").asLong() + " test records: " + metrics
                + (e.path("blessed").asBoolean() ? "; blessed" : "; not blessed"));
        e.path("reasons").forEach(r -> out().println("  - " + r.asText()));
    }

    /** Prints how a followed job ended; 0 when it succeeded. */
    static int report(PrintWriter out, PrintWriter err, JobStatus status) {
        if (status.getState() == JobState.SUCCEEDED) {
            out.println("job " + status.getJobId() + " SUCCEEDED at step " + status.getStep()
                    + (status.getLastCheckpointId() == null ? "" : ", checkpoint " + status.getLastCheckpointId()));
            return 0;
        }
        err.println("error: job " + status.getJobId() + " " + status.getState()
                + (status.getMessage() == null ? "" : ": " + status.getMessage()));
        return CliException.FAILURE;
    }

    Map<String, Object> request() {
        String id = dataset;
        String version = datasetVersion;
        int at = dataset.indexOf('@');
        if (at >= 0) {
            id = dataset.substring(0, at);
            version = dataset.substring(at + 1);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        put(body, "jobId", jobId);
        put(body, "modelName", modelName);
        put(body, "datasetId", id);
        put(body, "datasetVersion", version);
        put(body, "baseModel", baseModelReference(baseModel));
        put(body, "task", task);
        put(body, "pooling", pooling == null ? null : pooling.toUpperCase(Locale.ROOT));
        put(body, "seed", seed);
        body.put("requestedBy", "cli");
        body.put("method", methodSettings());
        Map<String, Object> h = hyperSettings();
        if (!h.isEmpty()) {
            body.put("hyperParameters", h);
        }
        return body;
    }

    private Map<String, Object> methodSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", method);
        put(m, "loraRank", methodOptions.loraRank);
        put(m, "loraAlpha", methodOptions.loraAlpha);
        put(m, "loraDropout", methodOptions.loraDropout);
        put(m, "targetModules", methodOptions.targetModules);
        put(m, "adapterSize", methodOptions.adapterSize);
        put(m, "promptLength", methodOptions.promptLength);
        put(m, "promptInitText", methodOptions.promptInitText);
        put(m, "freezeEmbeddings", methodOptions.freezeEmbeddings);
        return m;
    }

    /**
     * A directory the person names relative to where they typed the command, when it exists there, travels as its
     * absolute path (the trainer still reads it only under a model root); anything else (a bundled model, a name
     * the trainer looks up under its roots) is sent as given.
     */
    static String baseModelReference(String reference) {
        if (reference == null || reference.contains(":")) {
            return reference;
        }
        Path path = Path.of(reference);
        if (path.isAbsolute()) {
            return reference;
        }
        Path local = UserFiles.resolve(path);
        return Files.isDirectory(local) ? local.toString() : reference;
    }

    private Map<String, Object> hyperSettings() {
        Map<String, Object> h = new LinkedHashMap<>();
        put(h, "epochs", hyper.epochs);
        put(h, "maxSteps", hyper.maxSteps);
        put(h, "batchSize", hyper.batchSize);
        put(h, "gradientAccumulation", hyper.gradientAccumulation);
        put(h, "learningRate", hyper.learningRate);
        put(h, "warmupSteps", hyper.warmupSteps);
        put(h, "warmupRatio", hyper.warmupRatio);
        put(h, "schedule", hyper.schedule == null ? null : hyper.schedule.toUpperCase(Locale.ROOT));
        put(h, "weightDecay", hyper.weightDecay);
        put(h, "maxSequenceLength", hyper.maxSequenceLength);
        put(h, "clipNorm", hyper.clipNorm);
        put(h, "evalEverySteps", hyper.evalEverySteps);
        put(h, "earlyStoppingPatience", hyper.earlyStoppingPatience);
        put(h, "earlyStoppingMetric", hyper.earlyStoppingMetric);
        put(h, "mixedPrecision", hyper.mixedPrecision);
        put(h, "regressionLoss", hyper.regressionLoss);
        put(h, "huberDelta", hyper.huberDelta);
        return h;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
