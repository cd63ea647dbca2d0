package io.tunestream.registry.support;

import io.tunestream.events.Evaluation;
import io.tunestream.events.Lineage;
import io.tunestream.events.Task;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Evaluations as the evaluator publishes them, for tests. */
public final class Evaluations {

    private Evaluations() {
    }

    /** A blessed evaluation of a model, with full lineage and no artifact. */
    public static Evaluation blessed(String evaluationId, String model) {
        return builder(evaluationId, model, true).build();
    }

    /** An evaluation builder with lineage and metrics filled in. */
    public static Evaluation.Builder builder(String evaluationId, String model, boolean blessed) {
        return Evaluation.newBuilder()
                .setEvaluationId(evaluationId)
                .setCheckpointId("ckpt-" + evaluationId)
                .setJobId("job-" + evaluationId)
                .setModelName(model)
                .setTask(Task.CLASSIFICATION)
                .setTestRecords(600)
                .setMetrics(Map.of("accuracy", 0.95, "f1_macro", 0.93))
                .setPerClass(List.of())
                .setBlessed(blessed)
                .setReasons(List.of(blessed ? "beats champion (p=0.01)" : "not better than champion (p=0.4)"))
                .setLineage(lineage(evaluationId))
                .setProducedAt(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** Lineage naming a dataset version, job, base model, hashes, config, seed and code version. */
    public static Lineage lineage(String evaluationId) {
        return Lineage.newBuilder()
                .setDatasetId("spam")
                .setDatasetVersion("v3")
                .setJobId("job-" + evaluationId)
                .setBaseModel("bundled:all-minilm-l6-v2")
                .setBaseModelSha256("ab".repeat(32))
                .setTokenizerSha256("cd".repeat(32))
                .setConfig(Map.of("method", "lora", "lora.rank", "8", "lr", "2e-4"))
                .setSeed(42)
                .setCodeVersion("0.1.0-SNAPSHOT")
                .build();
    }
}
