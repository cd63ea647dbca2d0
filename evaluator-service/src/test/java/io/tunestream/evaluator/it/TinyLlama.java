package io.tunestream.evaluator.it;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.peft.MethodConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A tiny random Llama in Hugging Face layout (WordLevel tokenizer) and LoRA weights for it, as the trainer saves them. */
final class TinyLlama {

    static final List<String> WORDS = List.of("reverse", "abc", "cba", "xyz", "zyx", ":", "the", "a", "b", "c");
    static final int MAX_LENGTH = 32;

    private TinyLlama() {
    }

    /** Writes the base model: config.json (LlamaForCausalLM), model.safetensors, tokenizer.json. */
    static void writeBase(Path dir) throws Exception {
        DecoderConfig config = new DecoderConfig("llama", TinyCheckpoints.vocabSize(WORDS), 32, 2, 4, 2, 64, 64, 1e-6,
                10000.0, false, false, 2, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            LlamaDecoder random = new LlamaDecoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(dir, config.toJson(), random, WORDS);
        }
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
}
