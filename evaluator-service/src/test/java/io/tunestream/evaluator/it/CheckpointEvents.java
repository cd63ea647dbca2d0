package io.tunestream.evaluator.it;

import io.tunestream.events.Checkpoint;
import io.tunestream.events.CheckpointStorage;
import io.tunestream.events.Lineage;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.ModelStatus;
import io.tunestream.events.ModelVersion;
import io.tunestream.events.Task;
import io.tunestream.model.events.BaseModelReference;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.model.events.Sha256;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Checkpoint events as the trainer writes them (INLINE, chunked), and model versions as the registry writes them. */
public final class CheckpointEvents {

    private CheckpointEvents() {
    }

    /** The lineage the trainer writes for a LoRA job on the bundled MiniLM. */
    public static Lineage lineage(String datasetId, String version, String jobId) {
        Map<String, String> config = new TreeMap<>();
        config.put("method.type", "LORA");
        config.put("method.loraRank", "8");
        config.put("method.loraAlpha", "16.0");
        config.put("method.loraDropout", "0.1");
        config.put("method.targetModules", "[query, value]");
        config.put("hyperParameters.maxSequenceLength", String.valueOf(LoraWeights.MAX_LENGTH));
        config.put("hyperParameters.learningRate", "0.002");
        config.put(ModelSpec.TASK_KEY, "CLASSIFICATION");
        config.put(ModelSpec.LABELS_KEY, ModelSpec.encodeLabels(LoraWeights.LABELS));
        return Lineage.newBuilder().setDatasetId(datasetId).setDatasetVersion(version).setJobId(jobId)
                .setBaseModel(BaseModelReference.BUNDLED_MINILM).setConfig(config).setSeed(42).build();
    }

    /** The final checkpoint of a job, split into chunks of {@code chunkBytes}. */
    static List<Checkpoint> finalCheckpoint(String jobId, String modelName, Lineage lineage, Path weights,
            int chunkBytes) throws Exception {
        return checkpoint(jobId, modelName, lineage, Files.readAllBytes(weights), chunkBytes, 40, true);
    }

    /** A checkpoint of a job at a step (id {@code <job>-final} or {@code <job>-step-<step>}), in chunks of {@code chunkBytes}. */
    public static List<Checkpoint> checkpoint(String jobId, String modelName, Lineage lineage, byte[] bytes,
            int chunkBytes, int step, boolean isFinal) {
        String sha = Sha256.of(bytes);
        int count = (bytes.length + chunkBytes - 1) / chunkBytes;
        List<Checkpoint> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] chunk = Arrays.copyOfRange(bytes, i * chunkBytes, Math.min(bytes.length, (i + 1) * chunkBytes));
            out.add(Checkpoint.newBuilder().setCheckpointId(jobId + (isFinal ? "-final" : "-step-" + step))
                    .setJobId(jobId).setModelName(modelName)
                    .setStep(step).setIsFinal(isFinal).setTask(Task.CLASSIFICATION)
                    .setMethod(MethodConfig.newBuilder().setType(Method.LORA).build()).setLabels(LoraWeights.LABELS)
                    .setStorage(CheckpointStorage.INLINE).setSha256(sha).setSizeBytes(bytes.length).setChunkIndex(i)
                    .setChunkCount(count).setInlineData(ByteBuffer.wrap(chunk)).setArtifactUri(null)
                    .setMetrics(Map.of()).setLineage(lineage).setProducedAt(Instant.now()).build());
        }
        return out;
    }

    /** A registered version as the registry's models topic holds it. */
    static ModelVersion version(String name, int version, List<String> aliases, Lineage lineage, String artifactUri,
            String sha) {
        return ModelVersion.newBuilder().setName(name).setVersion(version).setAliases(aliases)
                .setStatus(ModelStatus.REGISTERED).setEvaluationId("eval-" + lineage.getJobId()).setBlessed(true)
                .setLineage(lineage).setMetrics(Map.of()).setArtifactUri(artifactUri).setArtifactSha256(sha)
                .setCreatedAt(Instant.now()).build();
    }
}
