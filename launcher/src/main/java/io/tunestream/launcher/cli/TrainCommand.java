package io.tunestream.launcher.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
                "Unset hyper-parameters take the trainer's defaults. With --wait, follows the job to its end."})
public final class TrainCommand extends CliCommand {

    /** The methods, as the CLI spells them, and the trainer's names for them. */
    static final Map<String, String> METHODS = Map.of("lora", "LORA", "adapter", "ADAPTER", "prompt", "PROMPT_TUNING",
            "full", "FULL");

    @Option(names = "--dataset", required = true, paramLabel = "ID[@V]", description = "Dataset id (and version).")
    String dataset;

    @Option(names = "--dataset-version", paramLabel = "V", description = "Dataset version (or use --dataset ID@V).")
    String datasetVersion;

    @Option(names = "--method", required = true, paramLabel = "METHOD", converter = MethodConverter.class,
            description = "lora | adapter | prompt | full.")
    String method;

    @Option(names = "--model-name", paramLabel = "NAME", description = "Registry model name (default: the dataset id).")
    String modelName;

    @Option(names = "--base-model", paramLabel = "REF", description = "Base model reference (default: the bundled MiniLM).")
    String baseModel;

    @Option(names = "--task", paramLabel = "TASK", description = "classification | regression | causal_lm.")
    String task;

    @Option(names = "--job-id", paramLabel = "ID", description = "Job id (default: generated).")
    String jobId;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed.")
    Long seed;

    @ArgGroup(exclusive = false, heading = "%nMethod settings:%n")
    MethodOptions methodOptions = new MethodOptions();

    @ArgGroup(exclusive = false, heading = "%nHyper-parameters:%n")
    HyperOptions hyper = new HyperOptions();

    @Option(names = "--wait", description = "Follow the job with a progress bar until it ends.")
    boolean waitForEnd;

    @Option(names = "--timeout", defaultValue = "0", paramLabel = "SECONDS",
            description = "With --wait: give up after this long (0: never).")
    long timeoutSeconds;

    @Mixin
    Connection connection;

    /** LoRA, Adapter and Prompt Tuning settings. */
    static final class MethodOptions {
        @Option(names = "--lora-rank", paramLabel = "R") Integer loraRank;
        @Option(names = "--lora-alpha", paramLabel = "A") Float loraAlpha;
        @Option(names = "--lora-dropout", paramLabel = "P") Float loraDropout;
        @Option(names = "--target-modules", split = ",", paramLabel = "M,..") List<String> targetModules;
        @Option(names = "--adapter-size", paramLabel = "N", description = "Adapter bottleneck size.") Integer adapterSize;
        @Option(names = "--prompt-length", paramLabel = "N", description = "Soft prompt tokens.") Integer promptLength;
        @Option(names = "--prompt-init-text", paramLabel = "TEXT") String promptInitText;
    }

    /** Optimiser, schedule and loop settings. */
    static final class HyperOptions {
        @Option(names = "--epochs", paramLabel = "N") Integer epochs;
        @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N optimizer steps.") Integer maxSteps;
        @Option(names = "--batch-size", paramLabel = "N") Integer batchSize;
        @Option(names = "--grad-accum", paramLabel = "N", description = "Gradient accumulation steps.") Integer gradientAccumulation;
        @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate (AdamW).") Double learningRate;
        @Option(names = "--warmup-steps", paramLabel = "N") Integer warmupSteps;
        @Option(names = "--warmup-ratio", paramLabel = "F") Double warmupRatio;
        @Option(names = "--schedule", paramLabel = "S", description = "cosine | linear | step | constant.") String schedule;
        @Option(names = "--weight-decay", paramLabel = "F") Double weightDecay;
        @Option(names = "--max-length", paramLabel = "TOKENS", description = "Max sequence length.") Integer maxSequenceLength;
        @Option(names = "--clip-norm", paramLabel = "F") Double clipNorm;
        @Option(names = "--eval-every", paramLabel = "STEPS") Integer evalEverySteps;
        @Option(names = "--early-stopping-patience", paramLabel = "N") Integer earlyStoppingPatience;
        @Option(names = "--mixed-precision", negatable = true, description = "Mixed precision (GPU only).") Boolean mixedPrecision;
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
        return report(out(), err(), new JobFollower(connection).follow(id, progressBar("train " + id),
                Duration.ofSeconds(timeoutSeconds)));
    }

    /** Prints how a followed job ended; 0 when it succeeded. */
    static int report(java.io.PrintWriter out, java.io.PrintWriter err, JobStatus status) {
        if (status.getState() == JobState.SUCCEEDED) {
            out.println("job " + status.getJobId() + " SUCCEEDED at step " + status.getStep()
                    + (status.getLastCheckpointId() == null ? "" : ", checkpoint " + status.getLastCheckpointId()));
            out.println("evaluate it with `tunestream evaluate --job " + status.getJobId() + "`");
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
        put(body, "baseModel", baseModel);
        put(body, "task", task == null ? null : task.toUpperCase(Locale.ROOT));
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
        return m;
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
        put(h, "mixedPrecision", hyper.mixedPrecision);
        return h;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
