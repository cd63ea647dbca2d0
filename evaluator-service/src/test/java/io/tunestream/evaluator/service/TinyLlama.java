package io.tunestream.evaluator.service;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.LmExample;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.optim.LearningRateSchedules;
import io.tunestream.model.optim.ParameterGroupAdamW;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.safetensors.SafetensorsWriter;
import io.tunestream.model.training.TrainingStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny random Llama in the Hugging Face layout (config.json, model.safetensors, a WordLevel tokenizer.json whose
 * ids 0..3 are [PAD] [UNK] [CLS] [SEP], BOS = [CLS], EOS = [SEP]), and full fine-tuning of it on causal-LM examples
 * with the modelling library, saving the trained tensors as the trainer does.
 */
final class TinyLlama {

    static final int MAX_LENGTH = 32;

    private TinyLlama() {
    }

    /** Writes a random model over these words into {@code dir}. */
    static void write(Path dir, List<String> words) throws Exception {
        DjlRuntime.configure();
        DecoderConfig config = new DecoderConfig("llama", 4 + (int) words.stream().distinct().count(), 32, 2, 4, 2,
                64, 64, 1e-6, 10000.0, false, false, 2, 3);
        Files.createDirectories(dir);
        try (NDManager manager = NDManager.newBaseManager()) {
            LlamaDecoder random = new LlamaDecoder(config);
            random.initializeUnset(manager);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            random.slots().forEach((name, slot) -> tensors.put(name, slot.parameter().getArray()));
            SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        }
        Files.writeString(dir.resolve("config.json"), config.toJson().toString());
        Files.writeString(dir.resolve("tokenizer.json"), wordLevelTokenizer(words));
    }

    /**
     * Fully fine-tunes the model in {@code dir} on {@code examples} (one batch of all of them per step).
     *
     * @return the loss of the first and of the last step
     */
    static float[] fineTune(Path dir, List<LmExample> examples, int steps, Path weights) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel base = PretrainedModels.loadHuggingFace(dir, manager, MAX_LENGTH)) {
            CausalLanguageModel lm = CausalLanguageModel.create(base, new MethodConfig.FullFineTuning(false), manager,
                    42);
            ParameterGroupAdamW adamW = ParameterGroupAdamW.builder().parameters(lm.trainableParameters())
                    .learningRate(LearningRateSchedules.constant(1e-2f, 0)).build();
            float first = Float.NaN;
            float last = Float.NaN;
            for (int step = 0; step < steps; step++) {
                last = TrainingStep.run(manager, lm.trainableSlots().values(), adamW,
                        m -> lm.loss(lm.encode(examples, m), true), 1.0);
                first = step == 0 ? last : first;
            }
            lm.saveTrainable(weights);
            return new float[] {first, last};
        }
    }

    private static String wordLevelTokenizer(List<String> words) {
        JsonObject vocab = new JsonObject();
        JsonArray added = new JsonArray();
        List<String> special = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]");
        for (int i = 0; i < special.size(); i++) {
            vocab.addProperty(special.get(i), i);
            JsonObject token = new JsonObject();
            token.addProperty("id", i);
            token.addProperty("content", special.get(i));
            token.addProperty("single_word", false);
            token.addProperty("lstrip", false);
            token.addProperty("rstrip", false);
            token.addProperty("normalized", false);
            token.addProperty("special", true);
            added.add(token);
        }
        words.stream().distinct().forEach(w -> vocab.addProperty(w, vocab.size()));
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordLevel");
        model.add("vocab", vocab);
        model.addProperty("unk_token", "[UNK]");
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", null);
        root.add("padding", null);
        root.add("added_tokens", added);
        root.add("normalizer", type("Lowercase"));
        root.add("pre_tokenizer", type("Whitespace"));
        root.add("post_processor", null);
        root.add("decoder", null);
        root.add("model", model);
        return root.toString();
    }

    private static JsonObject type(String type) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        return o;
    }
}
