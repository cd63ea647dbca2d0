package io.tunestream.trainer.rest;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /jobs}: every field but the dataset and the method type is optional and falls back to
 * the defaults of the {@code TrainingRequest} schema. Unknown fields are refused (400).
 */
public record JobRequest(String jobId, String modelName, String datasetId, String datasetVersion, String baseModel,
        String task, MethodSettings method, HyperSettings hyperParameters, Long seed, String sweepId, String trialId,
        String requestedBy, String pooling) {

    /** Method settings; see {@code MethodConfig} in the schema. */
    public record MethodSettings(String type, Integer loraRank, Float loraAlpha, Float loraDropout,
            List<String> targetModules, Integer adapterSize, Integer promptLength, String promptInitText,
            Boolean freezeEmbeddings) {
    }

    /** Hyper-parameters; see {@code HyperParameters} in the schema. */
    public record HyperSettings(Integer epochs, Integer maxSteps, Integer batchSize, Integer gradientAccumulation,
            Double learningRate, Integer warmupSteps, Double warmupRatio, String schedule, Double weightDecay,
            Integer maxSequenceLength, Double clipNorm, Map<String, Double> classWeights, Integer evalEverySteps,
            Integer earlyStoppingPatience, String earlyStoppingMetric, Boolean mixedPrecision, String regressionLoss,
            Double huberDelta) {
    }
}
