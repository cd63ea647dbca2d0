package io.tunestream.trainer.domain;

import io.tunestream.events.HyperParameters;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import io.tunestream.schemas.DatasetKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a training request before any work starts. Returns every problem at once, each a sentence that
 * names the field, the value and the rule, so a caller can fix all of them in one go.
 */
public final class TrainingRequestValidator {

    /** Metrics early stopping and keep-the-best can watch. */
    public static final Set<String> STOPPING_METRICS = Set.of("val_loss", "accuracy", "f1_macro");
    /** The base model bundled through Maven Central. */
    public static final String BUNDLED_MINILM = io.tunestream.model.events.BaseModelReference.BUNDLED_MINILM;
    /** Longest sequence the bundled MiniLM has position embeddings for. */
    public static final int MAX_SEQUENCE_LENGTH = 512;

    /**
     * @param request the request
     * @return the problems; empty when the request is valid
     */
    public List<String> problems(TrainingRequest request) {
        List<String> problems = new ArrayList<>();
        identity(request, problems);
        method(request.getMethod(), problems);
        hyperParameters(request.getHyperParameters(), problems);
        if (request.getMethod() != null && request.getHyperParameters() != null
                && request.getMethod().getType() == io.tunestream.events.Method.PROMPT_TUNING
                && request.getMethod().getPromptLength() >= request.getHyperParameters().getMaxSequenceLength()) {
            problems.add("method.promptLength (" + request.getMethod().getPromptLength()
                    + ") must be smaller than hyperParameters.maxSequenceLength ("
                    + request.getHyperParameters().getMaxSequenceLength() + ")");
        }
        return problems;
    }

    private static void identity(TrainingRequest r, List<String> problems) {
        require(notBlank(r.getJobId()) && r.getJobId().matches("[A-Za-z0-9._-]{1,128}"), problems,
                "jobId must be 1-128 letters, digits, '.', '_' or '-', got: " + r.getJobId());
        require(notBlank(r.getModelName()), problems, "modelName must not be blank");
        require(DatasetKeys.isValidToken(r.getDatasetId()), problems,
                "datasetId must be 1-128 letters, digits, '.', '_' or '-', got: " + r.getDatasetId());
        require(DatasetKeys.isValidToken(r.getDatasetVersion()), problems,
                "datasetVersion must be 1-128 letters, digits, '.', '_' or '-', got: " + r.getDatasetVersion());
        String base = r.getBaseModel();
        require(notBlank(base) && (!base.startsWith("bundled:") || BUNDLED_MINILM.equals(base)), problems,
                "baseModel must be " + BUNDLED_MINILM + " or a Hugging Face directory, got: " + base);
        require(r.getTask() != Task.CAUSAL_LM, problems,
                "task CAUSAL_LM is not trained by trainer-service; use CLASSIFICATION or REGRESSION");
    }

    private static void method(MethodConfig m, List<String> problems) {
        if (m == null || m.getType() == null) {
            problems.add("method.type is required (LORA, ADAPTER, PROMPT_TUNING or FULL)");
            return;
        }
        switch (m.getType()) {
            case LORA -> {
                require(m.getLoraRank() >= 1 && m.getLoraRank() <= 1024, problems,
                        "method.loraRank must be in [1, 1024], got: " + m.getLoraRank());
                require(m.getLoraAlpha() > 0 && Float.isFinite(m.getLoraAlpha()), problems,
                        "method.loraAlpha must be > 0, got: " + m.getLoraAlpha());
                require(m.getLoraDropout() >= 0 && m.getLoraDropout() < 1, problems,
                        "method.loraDropout must be in [0, 1), got: " + m.getLoraDropout());
                require(m.getTargetModules() != null && !m.getTargetModules().isEmpty()
                        && m.getTargetModules().stream().allMatch(TrainingRequestValidator::notBlank), problems,
                        "method.targetModules must name at least one projection (e.g. query, value)");
            }
            case ADAPTER -> require(m.getAdapterSize() >= 1 && m.getAdapterSize() <= 4096, problems,
                    "method.adapterSize must be in [1, 4096], got: " + m.getAdapterSize());
            case PROMPT_TUNING -> require(m.getPromptLength() >= 1, problems,
                    "method.promptLength must be >= 1, got: " + m.getPromptLength());
            case FULL -> { }
            default -> problems.add("method.type " + m.getType() + " is unknown");
        }
    }

    private static void hyperParameters(HyperParameters h, List<String> problems) {
        if (h == null) {
            problems.add("hyperParameters are required");
            return;
        }
        require(h.getEpochs() >= 1, problems, "hyperParameters.epochs must be >= 1, got: " + h.getEpochs());
        require(h.getMaxSteps() == null || h.getMaxSteps() >= 1, problems,
                "hyperParameters.maxSteps must be >= 1 when set, got: " + h.getMaxSteps());
        require(h.getBatchSize() >= 1, problems, "hyperParameters.batchSize must be >= 1, got: " + h.getBatchSize());
        require(h.getGradientAccumulation() >= 1, problems,
                "hyperParameters.gradientAccumulation must be >= 1, got: " + h.getGradientAccumulation());
        require(h.getLearningRate() > 0 && h.getLearningRate() <= 1 && Double.isFinite(h.getLearningRate()), problems,
                "hyperParameters.learningRate must be in (0, 1], got: " + h.getLearningRate());
        require(h.getWarmupSteps() == null || h.getWarmupSteps() >= 0, problems,
                "hyperParameters.warmupSteps must be >= 0 when set, got: " + h.getWarmupSteps());
        require(h.getWarmupRatio() >= 0 && h.getWarmupRatio() < 1, problems,
                "hyperParameters.warmupRatio must be in [0, 1), got: " + h.getWarmupRatio());
        require(h.getWeightDecay() >= 0 && h.getWeightDecay() < 1, problems,
                "hyperParameters.weightDecay must be in [0, 1), got: " + h.getWeightDecay());
        require(h.getMaxSequenceLength() >= 8 && h.getMaxSequenceLength() <= MAX_SEQUENCE_LENGTH, problems,
                "hyperParameters.maxSequenceLength must be in [8, " + MAX_SEQUENCE_LENGTH + "], got: "
                        + h.getMaxSequenceLength());
        require(h.getClipNorm() == null || (h.getClipNorm() > 0 && Double.isFinite(h.getClipNorm())), problems,
                "hyperParameters.clipNorm must be > 0 when set, got: " + h.getClipNorm());
        require(h.getEvalEverySteps() == null || h.getEvalEverySteps() >= 1, problems,
                "hyperParameters.evalEverySteps must be >= 1 when set, got: " + h.getEvalEverySteps());
        require(h.getEarlyStoppingPatience() == null || h.getEarlyStoppingPatience() >= 1, problems,
                "hyperParameters.earlyStoppingPatience must be >= 1 when set, got: " + h.getEarlyStoppingPatience());
        require(STOPPING_METRICS.contains(h.getEarlyStoppingMetric()), problems,
                "hyperParameters.earlyStoppingMetric must be one of " + STOPPING_METRICS.stream().sorted().toList()
                        + ", got: " + h.getEarlyStoppingMetric());
        classWeights(h.getClassWeights(), problems);
    }

    private static void classWeights(Map<String, Double> weights, List<String> problems) {
        if (weights == null) {
            return;
        }
        require(!weights.isEmpty(), problems, "hyperParameters.classWeights must not be empty when set");
        weights.forEach((label, w) -> require(w != null && w > 0 && Double.isFinite(w), problems,
                "hyperParameters.classWeights[" + label + "] must be > 0, got: " + w));
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
