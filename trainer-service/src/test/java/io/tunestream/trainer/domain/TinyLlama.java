package io.tunestream.trainer.domain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tunestream.events.HyperParameters;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.LlamaDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny random Llama (2 layers, hidden 32) written in the Hugging Face layout (config.json, model.safetensors and a
 * word-level tokenizer.json whose [CLS] / [SEP] are BOS / EOS), and a prompt/completion task it can learn: reverse
 * three letters.
 */
public final class TinyLlama {

    /** The letters of the task. */
    public static final List<String> LETTERS = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    /** The vocabulary after the four special tokens. */
    public static final List<String> WORDS;

    static {
        List<String> words = new ArrayList<>(List.of("reverse", "copy"));
        words.addAll(LETTERS);
        WORDS = List.copyOf(words);
    }

    private TinyLlama() {
    }

    /**
     * Writes the model into {@code dir} (created).
     *
     * @return {@code dir}
     */
    public static Path write(Path dir) {
        DjlRuntime.configure();
        DecoderConfig config = new DecoderConfig("llama", TinyCheckpoints.vocabSize(WORDS), 32, 2, 4, 2, 64, 64, 1e-6, 10000.0, false,
                false, 2, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(7);
            LlamaDecoder random = new LlamaDecoder(config);
            random.initializeUnset(manager);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            // Like a trained model's, and unlike DJL's 0.02 default, embeddings and output head of a scale whose
            // logits are not all near zero: a tuned attention then moves the next-token distribution.
            random.slots().forEach((name, slot) -> tensors.put(name, name.endsWith("embed_tokens.weight")
                    || name.startsWith("lm_head") ? slot.parameter().getArray().mul(25f) : slot.parameter().getArray()));
            TinyCheckpoints.write(dir, config.toJson(), tensors, WORDS);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param count examples
     * @param offset index of the first (different offsets give different letter triples)
     * @return "reverse x y z" -> "z y x"
     */
    public static List<Example> reverseExamples(int count, int offset) {
        List<Example> out = new ArrayList<>();
        for (int i = offset; i < offset + count; i++) {
            String x = LETTERS.get(i % 8);
            String y = LETTERS.get((i / 8 + 3) % 8);
            String z = LETTERS.get((i * 5 + 1) % 8);
            out.add(Example.instruction("reverse " + x + " " + y + " " + z, z + " " + y + " " + x));
        }
        return out;
    }

    /** @return a prepared causal-LM dataset: train and validation triples, sealed as task=causal_lm */
    public static PreparedDataset dataset(int train, int validation) {
        return new PreparedDataset("rev", "1", reverseExamples(train, 0), reverseExamples(validation, 40),
                Map.of(PreparedDataset.TASK_KEY, "causal_lm"));
    }

    /** @return hyper-parameters of the tiny runs: batch 8, length 16, constant rate 1e-2, no warm-up */
    public static HyperParameters.Builder hyper() {
        return HyperParameters.newBuilder().setBatchSize(8).setMaxSequenceLength(16).setLearningRate(1e-2)
                .setWarmupRatio(0.0).setEpochs(1).setSchedule(io.tunestream.events.Schedule.CONSTANT);
    }

    /** @return a LoRA (q_proj, v_proj) request on the model in {@code dir} */
    public static TrainingRequest request(Path dir, HyperParameters h) {
        return request(dir, h, MethodConfig.newBuilder().setType(Method.LORA).setLoraDropout(0.1f)
                .setTargetModules(List.of("q_proj", "v_proj")).build());
    }

    /** @return a causal-LM request on the model in {@code dir} */
    public static TrainingRequest request(Path dir, HyperParameters h, MethodConfig method) {
        return TrainingRequest.newBuilder().setJobId("lm-1").setModelName("rev").setDatasetId("rev")
                .setDatasetVersion("1").setBaseModel(dir.toString()).setTask(Task.CAUSAL_LM).setMethod(method)
                .setHyperParameters(h).setRequestedAt(Instant.now()).build();
    }
}
