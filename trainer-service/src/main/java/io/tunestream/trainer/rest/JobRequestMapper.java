package io.tunestream.trainer.rest;

import io.tunestream.events.HyperParameters;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Schedule;
import io.tunestream.events.SentencePooling;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.events.BaseModelReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns a REST body into a {@link TrainingRequest}; enum names that do not exist are collected as problems. LoRA
 * without {@code targetModules} gets its base model family's query and value projections ({@code query, value}
 * for BERT, {@code q_proj, v_proj} for the LLaMA family, {@code c_attn} for GPT-2).
 */
final class JobRequestMapper {

    private final List<String> problems = new ArrayList<>();
    private final Function<String, Optional<List<String>>> loraDefaults;

    /** @param loraDefaults LoRA's default targets of a base model reference (empty: the schema's default) */
    JobRequestMapper(Function<String, Optional<List<String>>> loraDefaults) {
        this.loraDefaults = loraDefaults;
    }

    List<String> problems() {
        return problems;
    }

    TrainingRequest map(JobRequest body) {
        TrainingRequest.Builder out = TrainingRequest.newBuilder()
                .setJobId(body.jobId() != null ? body.jobId() : "job-" + UUID.randomUUID())
                .setModelName(body.modelName() != null ? body.modelName() : body.datasetId())
                .setDatasetId(body.datasetId()).setDatasetVersion(body.datasetVersion())
                .setRequestedBy(body.requestedBy() != null ? body.requestedBy() : "rest")
                .setRequestedAt(Instant.now()).setSweepId(body.sweepId()).setTrialId(body.trialId());
        set(body.baseModel(), out::setBaseModel);
        set(body.seed(), out::setSeed);
        // The task is always set: CLASSIFICATION when the body names none.
        Task task = enumOf(Task.class, "task", body.task());
        out.setTask(task != null ? task : Task.CLASSIFICATION);
        out.setPooling(enumOf(SentencePooling.class, "pooling", body.pooling()));
        out.setMethod(method(body.method(), body.baseModel() != null ? body.baseModel()
                : BaseModelReference.BUNDLED_MINILM));
        out.setHyperParameters(hyper(body.hyperParameters()));
        return out.build();
    }

    private MethodConfig method(JobRequest.MethodSettings m, String baseModel) {
        MethodConfig.Builder b = MethodConfig.newBuilder();
        if (m == null || m.type() == null) {
            problems.add("method.type is required (LORA, ADAPTER, PROMPT_TUNING or FULL)");
            return b.setType(Method.LORA).build();
        }
        Method type = enumOf(Method.class, "method.type", m.type());
        b.setType(type == null ? Method.LORA : type);
        set(m.loraRank(), b::setLoraRank);
        set(m.loraAlpha(), b::setLoraAlpha);
        set(m.loraDropout(), b::setLoraDropout);
        if (m.targetModules() != null) {
            b.setTargetModules(m.targetModules());
        } else if (b.getType() == Method.LORA) {
            loraDefaults.apply(baseModel).ifPresent(b::setTargetModules);
        }
        set(m.adapterSize(), b::setAdapterSize);
        set(m.promptLength(), b::setPromptLength);
        b.setPromptInitText(m.promptInitText());
        set(m.freezeEmbeddings(), b::setFreezeEmbeddings);
        return b.build();
    }

    private HyperParameters hyper(JobRequest.HyperSettings h) {
        HyperParameters.Builder b = HyperParameters.newBuilder().setSchedule(Schedule.COSINE);
        if (h == null) {
            return b.build();
        }
        set(h.epochs(), b::setEpochs);
        b.setMaxSteps(h.maxSteps());
        set(h.batchSize(), b::setBatchSize);
        set(h.gradientAccumulation(), b::setGradientAccumulation);
        set(h.learningRate(), b::setLearningRate);
        b.setWarmupSteps(h.warmupSteps());
        set(h.warmupRatio(), b::setWarmupRatio);
        set(enumOf(Schedule.class, "hyperParameters.schedule", h.schedule()), b::setSchedule);
        set(h.weightDecay(), b::setWeightDecay);
        set(h.maxSequenceLength(), b::setMaxSequenceLength);
        set(h.clipNorm(), b::setClipNorm);
        b.setClassWeights(h.classWeights());
        b.setEvalEverySteps(h.evalEverySteps());
        b.setEarlyStoppingPatience(h.earlyStoppingPatience());
        set(h.earlyStoppingMetric(), b::setEarlyStoppingMetric);
        set(h.mixedPrecision(), b::setMixedPrecision);
        b.setRegressionLoss(h.regressionLoss());
        b.setHuberDelta(h.huberDelta());
        return b.build();
    }

    private <E extends Enum<E>> E enumOf(Class<E> type, String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(field + " must be one of " + List.of(type.getEnumConstants()) + ", got: " + value);
            return null;
        }
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
