package io.tunestream.trainer.domain;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tunestream.model.BundledModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.arch.Backbone;
import io.tunestream.model.arch.CausalDecoder;
import io.tunestream.model.events.BaseModelReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a base model is, read from its {@code config.json} alone (no weights): its {@code model_type}, whether it
 * is a decoder (causal LM), and the names of its modules, so that a request can be checked before any weight is
 * loaded, and LoRA gets targets that exist in that family. The architecture is the model library's own
 * ({@link PretrainedModels#buildBackbone}), so an unsupported {@code model_type} gives the loader's message.
 *
 * @param modelType config.json's {@code model_type}
 * @param decoder whether it is a causal decoder
 * @param modules last path segments of its modules ({@code q_proj}, {@code query}, {@code c_attn}, ...)
 */
public record BaseModelArchitecture(String modelType, boolean decoder, Set<String> modules) {

    /** Decoder families a causal-LM job can tune, as the messages name them. */
    public static final String DECODER_FAMILIES = "llama, qwen2, mistral, gpt2";

    /** Every bundled model (MiniLM, BGE): a BERT encoder. */
    static final BaseModelArchitecture BUNDLED = new BaseModelArchitecture("bert", false,
            Set.of("query", "key", "value", "dense"));

    /**
     * @param reference a base model reference the model roots allow
     * @param models resolves the reference to its directory
     * @return the architecture; empty when the directory has no readable {@code config.json} (loading it then
     *         fails with the loader's reason)
     * @throws IllegalArgumentException with the loader's message when {@code model_type} is not supported
     */
    public static Optional<BaseModelArchitecture> of(String reference, BaseModelReference models) {
        if (BundledModel.byReference(reference).isPresent()) {
            return Optional.of(BUNDLED);
        }
        Path config = models.directory(reference).resolve("config.json");
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Backbone backbone;
        try {
            backbone = PretrainedModels.buildBackbone(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Set<String> modules = new TreeSet<>();
        for (String name : backbone.slots().keySet()) {
            String[] parts = name.split("\\.");
            if (parts.length >= 2) {
                modules.add(parts[parts.length - 2]);
            }
        }
        return Optional.of(new BaseModelArchitecture(backbone.modelType(), backbone instanceof CausalDecoder,
                Set.copyOf(modules)));
    }

    /**
     * @return LoRA's default targets for this family: the attention's query and value projections
     *         ({@code q_proj, v_proj} in the LLaMA family, the fused {@code c_attn} in GPT-2, {@code q_lin, v_lin}
     *         in DistilBERT, {@code query, value} in BERT and RoBERTa)
     */
    public List<String> defaultLoraTargets() {
        if (modules.contains("q_proj") && modules.contains("v_proj")) {
            return List.of("q_proj", "v_proj");
        }
        if (modules.contains("q_lin") && modules.contains("v_lin")) {
            return List.of("q_lin", "v_lin");
        }
        if (modules.contains("c_attn")) {
            return List.of("c_attn");
        }
        return List.of("query", "value");
    }
}
