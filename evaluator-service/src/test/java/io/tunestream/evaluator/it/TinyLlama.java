package io.tunestream.evaluator.it;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.safetensors.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tiny random Llama in Hugging Face layout (WordLevel tokenizer) and LoRA weights for it, as the trainer saves them. */
final class TinyLlama {

    static final List<String> WORDS = List.of("reverse", "abc", "cba", "xyz", "zyx", ":", "the", "a", "b", "c");
    static final int MAX_LENGTH = 32;

    private TinyLlama() {
    }

    /** Writes the base model: config.json (LlamaForCausalLM), model.safetensors, tokenizer.json. */
    static void writeBase(Path dir) throws Exception {
        DecoderConfig config = new DecoderConfig("llama", 4 + WORDS.size(), 32, 2, 4, 2, 64, 64, 1e-6, 10000.0, false,
                false, 2, 3);
        JsonObject json = config.toJson();
        JsonArray architectures = new JsonArray();
        architectures.add("LlamaForCausalLM");
        json.add("architectures", architectures);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), json.toString());
        try (NDManager manager = NDManager.newBaseManager()) {
            LlamaDecoder random = new LlamaDecoder(config);
            random.initializeUnset(manager);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            random.slots().forEach((name, slot) -> tensors.put(name, slot.parameter().getArray()));
            SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        }
        Files.writeString(dir.resolve("tokenizer.json"), tokenizer());
        Files.writeString(dir.resolve("generation_config.json"), "{\"bos_token_id\": 2, \"eos_token_id\": 3}");
    }

    /** Writes LoRA (r=4 on q_proj, v_proj) weights whose B is not zero, as {@code saveTrainable} does. */
    static void writeLora(Path base, Path weights) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel loaded = PretrainedModels.loadHuggingFace(base, manager, MAX_LENGTH)) {
            CausalLanguageModel lm = CausalLanguageModel.create(loaded, new MethodConfig.Lora(4, 8, 0,
                    List.of("q_proj", "v_proj")), manager, 7);
            lm.trainableSlots().forEach((name, slot) -> {
                if (name.endsWith(".lora_B.weight")) {
                    slot.assign(manager.randomNormal(0, 0.5f, slot.shape(), DataType.FLOAT32), "test");
                }
            });
            lm.saveTrainable(weights);
        }
    }

    /** A WordLevel tokenizer: [PAD] [UNK] [CLS] [SEP] are ids 0..3, then the words. */
    private static String tokenizer() {
        StringBuilder vocab = new StringBuilder("\"[PAD]\":0,\"[UNK]\":1,\"[CLS]\":2,\"[SEP]\":3");
        StringBuilder added = new StringBuilder();
        List<String> special = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]");
        for (int i = 0; i < special.size(); i++) {
            added.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"content\":\"").append(special.get(i))
                    .append("\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,"
                            + "\"special\":true}");
        }
        for (int i = 0; i < WORDS.size(); i++) {
            vocab.append(",\"").append(WORDS.get(i)).append("\":").append(4 + i);
        }
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[" + added + "],"
                + "\"normalizer\":{\"type\":\"Lowercase\"},\"pre_tokenizer\":{\"type\":\"Whitespace\"},"
                + "\"post_processor\":null,\"decoder\":null,\"model\":{\"type\":\"WordLevel\",\"vocab\":{" + vocab
                + "},\"unk_token\":\"[UNK]\"}}";
    }
}
