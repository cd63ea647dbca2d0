package io.tunestream.trainer.sweep;

import io.tunestream.events.HyperParameters;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Schedule;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.TrainingRequest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training request of a trial: the sweep's base request with the trial's parameters applied. The method and
 * hyper-parameters are copied with {@code newBuilder(existing)} and only the searched fields overridden, so a field
 * added to them later reaches every trial (the schemas' generated classes copy through their own class loader).
 */
public final class TrialRequests {

    /** requestedBy of every trial request. */
    public static final String REQUESTED_BY = "sweep";

    private TrialRequests() {
    }

    /** Trial id within its sweep: {@code t<index>}. */
    public static String trialId(int index) {
        return "t" + index;
    }

    /** Job id of a trial: {@code <sweepId>-t<index>}. */
    public static String jobId(String sweepId, int index) {
        return sweepId + "-" + trialId(index);
    }

    /**
     * @param sweep  the sweep
     * @param index  0-based trial index
     * @param params field name to value (see {@link TunableParameter}); names not in it keep the base value
     * @return the trial's request: jobId {@code <sweepId>-t<index>}, sweepId, trialId {@code t<index>}, requestedBy
     *         {@code sweep}, requestedAt and seed of the sweep
     * @throws IllegalArgumentException on an unknown name or a value that does not parse
     */
    public static TrainingRequest trialRequest(SweepRequest sweep, int index, Map<String, String> params) {
        Map<TunableParameter, Object> values = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            TunableParameter p = TunableParameter.byFieldName(name)
                    .orElseThrow(() -> new IllegalArgumentException("unknown parameter " + name));
            try {
                values.put(p, p.parse(value));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ": " + p.parseProblem(value).orElse(String.valueOf(e)), e);
            }
        });
        return TrainingRequest.newBuilder()
                .setJobId(jobId(sweep.getSweepId(), index))
                .setModelName(sweep.getModelName())
                .setDatasetId(sweep.getDatasetId())
                .setDatasetVersion(sweep.getDatasetVersion())
                .setBaseModel(sweep.getBaseModel())
                .setTask(sweep.getTask())
                .setMethod(method(sweep.getMethod(), values))
                .setHyperParameters(hyperParameters(sweep.getHyperParameters(), values))
                .setSeed(sweep.getSeed())
                .setSweepId(sweep.getSweepId())
                .setTrialId(trialId(index))
                .setRequestedBy(REQUESTED_BY)
                .setRequestedAt(sweep.getRequestedAt())
                .setRecipe(sweep.getRecipe())
                .setPooling(sweep.getPooling())
                .build();
    }

    private static MethodConfig method(MethodConfig m, Map<TunableParameter, Object> v) {
        return MethodConfig.newBuilder(m)
                .setLoraRank((Integer) v.getOrDefault(TunableParameter.LORA_RANK, m.getLoraRank()))
                .setLoraAlpha((Float) v.getOrDefault(TunableParameter.LORA_ALPHA, m.getLoraAlpha()))
                .setLoraDropout((Float) v.getOrDefault(TunableParameter.LORA_DROPOUT, m.getLoraDropout()))
                .setAdapterSize((Integer) v.getOrDefault(TunableParameter.ADAPTER_SIZE, m.getAdapterSize()))
                .setPromptLength((Integer) v.getOrDefault(TunableParameter.PROMPT_LENGTH, m.getPromptLength()))
                .build();
    }

    private static HyperParameters hyperParameters(HyperParameters h, Map<TunableParameter, Object> v) {
        return HyperParameters.newBuilder(h)
                .setEpochs((Integer) v.getOrDefault(TunableParameter.EPOCHS, h.getEpochs()))
                .setMaxSteps((Integer) v.getOrDefault(TunableParameter.MAX_STEPS, h.getMaxSteps()))
                .setBatchSize((Integer) v.getOrDefault(TunableParameter.BATCH_SIZE, h.getBatchSize()))
                .setGradientAccumulation((Integer) v.getOrDefault(TunableParameter.GRADIENT_ACCUMULATION,
                        h.getGradientAccumulation()))
                .setLearningRate((Double) v.getOrDefault(TunableParameter.LEARNING_RATE, h.getLearningRate()))
                .setWarmupRatio((Double) v.getOrDefault(TunableParameter.WARMUP_RATIO, h.getWarmupRatio()))
                .setSchedule((Schedule) v.getOrDefault(TunableParameter.SCHEDULE, h.getSchedule()))
                .setWeightDecay((Double) v.getOrDefault(TunableParameter.WEIGHT_DECAY, h.getWeightDecay()))
                .build();
    }
}
