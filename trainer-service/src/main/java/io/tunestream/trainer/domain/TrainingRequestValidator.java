package io.tunestream.trainer.domain;

import io.tunestream.events.HyperParameters;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.BundledModel;
import io.tunestream.model.events.BaseModelReference;
import io.tunestream.model.events.ModelRoots;
import io.tunestream.schemas.Identifiers;
import io.tunestream.schemas.TrainingRequestBounds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a training request before any work starts. Returns every problem at once, each a sentence that
 * names the field, the value and the rule, so a caller can fix all of them in one go.
 */
public final class TrainingRequestValidator {

    /** Metrics early stopping and keep-the-best can watch in classification and regression jobs. */
    public static final Set<String> STOPPING_METRICS = Set.of("val_loss", "accuracy", "f1_macro");
    /** Metrics early stopping and keep-the-best can watch in causal-LM jobs. */
    public static final Set<String> LM_STOPPING_METRICS = Set.copyOf(CausalLmObjective.METRICS);
    /** The base model bundled through Maven Central. */
    public static final String BUNDLED_MINILM = BaseModelReference.BUNDLED_MINILM;
    /** Longest sequence the bundled MiniLM has position embeddings for. */
    public static final int MAX_SEQUENCE_LENGTH = TrainingRequestBounds.MAX_SEQUENCE_LENGTH;

    private final BaseModelReference baseModels;

    /** A validator that accepts only the bundled base model. */
    public TrainingRequestValidator() {
        this(ModelRoots.none());
    }

    /** @param modelRoots the directories base models may be loaded from */
    public TrainingRequestValidator(ModelRoots modelRoots) {
        this.baseModels = new BaseModelReference(modelRoots);
    }

    /**
     * @param request the request
     * @return the problems; empty when the request is valid
     */
    public List<String> problems(TrainingRequest request) {
        List<String> problems = new ArrayList<>();
        identity(request, problems);
        method(request.getMethod(), problems);
        hyperParameters(request.getHyperParameters(), problems);
        if (request.getHyperParameters() != null) {
            stoppingMetric(request.getTask(), request.getHyperParameters().getEarlyStoppingMetric(), problems);
        }
        architecture(request, problems);
        if (request.getMethod() != null && request.getHyperParameters() != null
                && request.getMethod().getType() == Method.PROMPT_TUNING
                && request.getMethod().getPromptLength() >= request.getHyperParameters().getMaxSequenceLength()) {
            problems.add("method.promptLength (" + request.getMethod().getPromptLength()
                    + ") must be smaller than hyperParameters.maxSequenceLength ("
                    + request.getHyperParameters().getMaxSequenceLength() + ")");
        }
        return problems;
    }

    private void identity(TrainingRequest r, List<String> problems) {
        Identifiers.problem("jobId", r.getJobId()).ifPresent(problems::add);
        Identifiers.problem("modelName", r.getModelName()).ifPresent(problems::add);
        Identifiers.problem("datasetId", r.getDatasetId()).ifPresent(problems::add);
        Identifiers.problem("datasetVersion", r.getDatasetVersion()).ifPresent(problems::add);
        if (r.getSweepId() != null) {
            Identifiers.problem("sweepId", r.getSweepId()).ifPresent(problems::add);
        }
        if (r.getTrialId() != null) {
            Identifiers.problem("trialId", r.getTrialId()).ifPresent(problems::add);
        }
        String base = r.getBaseModel();
        baseModels.problem(base).ifPresent(p -> problems.add("baseModel must be a bundled model ("
                + BundledModel.references() + ") or a Hugging Face directory under a configured model root, got: "
                + base + " (" + p + ")"));
        require(r.getTask() != null, problems, "task is required (CLASSIFICATION, REGRESSION or CAUSAL_LM)");
    }

    /** @return the metrics early stopping can watch in a job of this task */
    public static Set<String> stoppingMetrics(Task task) {
        return task == Task.CAUSAL_LM ? LM_STOPPING_METRICS : STOPPING_METRICS;
    }

    private static void stoppingMetric(Task task, String metric, List<String> problems) {
        Set<String> allowed = stoppingMetrics(task);
        require(allowed.contains(metric), problems, "hyperParameters.earlyStoppingMetric must be one of "
                + allowed.stream().sorted().toList() + (task == null ? "" : " for " + task) + ", got: " + metric);
    }

    /**
     * Checks the base model's config.json against the task and the method, before any weight is loaded: a causal
     * LM needs a decoder, LoRA needs targets the model has; an unsupported model_type gives the loader's message.
     */
    private void architecture(TrainingRequest r, List<String> problems) {
        String base = r.getBaseModel();
        if (base == null || baseModels.problem(base).isPresent()) {
            return;
        }
        Optional<BaseModelArchitecture> arch;
        try {
            arch = BaseModelArchitecture.of(base, baseModels);
        } catch (IllegalArgumentException e) {
            problems.add("baseModel " + base + " cannot be used: " + e.getMessage());
            return;
        }
        if (arch.isEmpty()) {
            return;
        }
        String type = arch.get().modelType();
        if (r.getTask() == Task.CAUSAL_LM && !arch.get().decoder()) {
            problems.add("causal_lm needs a decoder base model (" + BaseModelArchitecture.DECODER_FAMILIES + "); "
                    + base + " has model_type '" + type + "'");
        }
        MethodConfig m = r.getMethod();
        if (m != null && m.getType() == Method.LORA && m.getTargetModules() != null
                && !m.getTargetModules().isEmpty()
                && m.getTargetModules().stream().noneMatch(arch.get().modules()::contains)) {
            problems.add("method.targetModules " + m.getTargetModules() + " match no module of " + base
                    + " (model_type '" + type + "'); its attention's query and value projections are "
                    + arch.get().defaultLoraTargets());
        }
    }

    private static void method(MethodConfig m, List<String> problems) {
        if (m == null || m.getType() == null) {
            problems.add("method.type is required (LORA, ADAPTER, PROMPT_TUNING or FULL)");
            return;
        }
        switch (m.getType()) {
            case LORA -> {
                bound("method.loraRank", m.getLoraRank(), problems);
                require(m.getLoraAlpha() > 0 && Float.isFinite(m.getLoraAlpha()), problems,
                        "method.loraAlpha must be > 0, got: " + m.getLoraAlpha());
                require(m.getLoraDropout() >= 0 && m.getLoraDropout() < 1, problems,
                        "method.loraDropout must be in [0, 1), got: " + m.getLoraDropout());
                require(m.getTargetModules() != null && !m.getTargetModules().isEmpty()
                        && m.getTargetModules().stream().allMatch(TrainingRequestValidator::notBlank), problems,
                        "method.targetModules must name at least one projection (e.g. query, value)");
                if (m.getTargetModules() != null && !m.getTargetModules().isEmpty()) {
                    bound("method.targetModules", m.getTargetModules().size(), problems);
                }
            }
            case ADAPTER -> bound("method.adapterSize", m.getAdapterSize(), problems);
            case PROMPT_TUNING -> bound("method.promptLength", m.getPromptLength(), problems);
            case FULL -> { }
            default -> problems.add("method.type " + m.getType() + " is unknown");
        }
    }

    private static void hyperParameters(HyperParameters h, List<String> problems) {
        if (h == null) {
            problems.add("hyperParameters are required");
            return;
        }
        bound("hyperParameters.epochs", h.getEpochs(), problems);
        bound("hyperParameters.maxSteps", h.getMaxSteps(), problems);
        bound("hyperParameters.batchSize", h.getBatchSize(), problems);
        bound("hyperParameters.gradientAccumulation", h.getGradientAccumulation(), problems);
        require(h.getLearningRate() > 0 && h.getLearningRate() <= 1 && Double.isFinite(h.getLearningRate()), problems,
                "hyperParameters.learningRate must be in (0, 1], got: " + h.getLearningRate());
        bound("hyperParameters.warmupSteps", h.getWarmupSteps(), problems);
        require(h.getWarmupRatio() >= 0 && h.getWarmupRatio() < 1, problems,
                "hyperParameters.warmupRatio must be in [0, 1), got: " + h.getWarmupRatio());
        require(h.getWeightDecay() >= 0 && h.getWeightDecay() < 1, problems,
                "hyperParameters.weightDecay must be in [0, 1), got: " + h.getWeightDecay());
        bound("hyperParameters.maxSequenceLength", h.getMaxSequenceLength(), problems);
        require(h.getClipNorm() == null || (h.getClipNorm() > 0 && Double.isFinite(h.getClipNorm())), problems,
                "hyperParameters.clipNorm must be > 0 when set, got: " + h.getClipNorm());
        bound("hyperParameters.evalEverySteps", h.getEvalEverySteps(), problems);
        bound("hyperParameters.earlyStoppingPatience", h.getEarlyStoppingPatience(), problems);
        classWeights(h.getClassWeights(), problems);
        require(h.getRegressionLoss() == null || RegressionLoss.NAMES.contains(h.getRegressionLoss()), problems,
                "hyperParameters.regressionLoss must be mse or huber, got: " + h.getRegressionLoss());
        require(h.getHuberDelta() == null || (h.getHuberDelta() > 0 && Double.isFinite(h.getHuberDelta())), problems,
                "hyperParameters.huberDelta must be > 0 when set, got: " + h.getHuberDelta());
    }

    private static void classWeights(Map<String, Double> weights, List<String> problems) {
        if (weights == null) {
            return;
        }
        require(!weights.isEmpty(), problems, "hyperParameters.classWeights must not be empty when set");
        if (!weights.isEmpty()) {
            bound("hyperParameters.classWeights", weights.size(), problems);
        }
        weights.forEach((label, w) -> require(w != null && w > 0 && Double.isFinite(w), problems,
                "hyperParameters.classWeights[" + label + "] must be > 0, got: " + w));
    }

    private static void bound(String field, Number value, List<String> problems) {
        TrainingRequestBounds.problem(field, value).ifPresent(problems::add);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static void require(boolean ok, List<String> problems, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
