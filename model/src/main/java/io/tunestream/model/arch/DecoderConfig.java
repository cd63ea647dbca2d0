package io.tunestream.model.arch;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.tunestream.model.weights.ModelLoadException;
import java.util.Set;

/**
 * Shape of a LLaMA-family decoder (Llama, Qwen2, Mistral layouts) as in HF {@code config.json}.
 *
 * @param modelType llama, qwen2 or mistral
 * @param vocabSize embedding rows
 * @param hiddenSize hidden width
 * @param numLayers layers
 * @param numHeads query heads
 * @param numKvHeads key/value heads (grouped-query attention when fewer than numHeads)
 * @param intermediateSize SwiGLU width
 * @param maxPositions maximum sequence length
 * @param rmsNormEps RMSNorm epsilon
 * @param ropeTheta rotary base
 * @param tieWordEmbeddings whether the LM head reuses the embedding matrix
 * @param attentionBias whether q/k/v projections have a bias (Qwen2: yes)
 * @param bosTokenId {@code bos_token_id}, or -1 when the config has none
 * @param eosTokenId {@code eos_token_id} (the first, when a list), or -1 when the config has none
 */
public record DecoderConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int intermediateSize,
        int maxPositions,
        double rmsNormEps,
        double ropeTheta,
        boolean tieWordEmbeddings,
        boolean attentionBias,
        int bosTokenId,
        int eosTokenId) {

    /** A config without BOS/EOS ids. */
    public DecoderConfig(String modelType, int vocabSize, int hiddenSize, int numLayers, int numHeads, int numKvHeads,
            int intermediateSize, int maxPositions, double rmsNormEps, double ropeTheta, boolean tieWordEmbeddings,
            boolean attentionBias) {
        this(modelType, vocabSize, hiddenSize, numLayers, numHeads, numKvHeads, intermediateSize, maxPositions,
                rmsNormEps, ropeTheta, tieWordEmbeddings, attentionBias, -1, -1);
    }

    /** model_type values with this tensor layout. */
    public static final Set<String> SUPPORTED = Set.of("llama", "qwen2", "mistral");

    /**
     * @param json parsed config.json
     * @return the config
     */
    public static DecoderConfig fromJson(JsonObject json) {
        String type = json.get("model_type").getAsString();
        if (!SUPPORTED.contains(type)) {
            throw new ModelLoadException("unknown decoder architecture model_type='" + type + "' in config.json");
        }
        String act = json.has("hidden_act") ? json.get("hidden_act").getAsString() : "silu";
        if (!"silu".equals(act)) {
            throw new ModelLoadException("unsupported hidden_act '" + act + "' in config.json (only silu)");
        }
        if (json.has("rope_scaling") && !json.get("rope_scaling").isJsonNull()) {
            // Llama 3.1+ and long-context variants rescale rotary frequencies; running them unscaled would give
            // plausible-looking but wrong logits, so they are refused until the scaling is implemented.
            throw new ModelLoadException("config.json field rope_scaling=" + json.get("rope_scaling")
                    + " is not supported for " + type + " (only configs without rope_scaling)");
        }
        int heads = json.get("num_attention_heads").getAsInt();
        boolean bias = "qwen2".equals(type) || (json.has("attention_bias") && json.get("attention_bias").getAsBoolean());
        return new DecoderConfig(type, json.get("vocab_size").getAsInt(), json.get("hidden_size").getAsInt(),
                json.get("num_hidden_layers").getAsInt(), heads,
                json.has("num_key_value_heads") ? json.get("num_key_value_heads").getAsInt() : heads,
                json.get("intermediate_size").getAsInt(),
                json.has("max_position_embeddings") ? json.get("max_position_embeddings").getAsInt() : 2048,
                json.has("rms_norm_eps") ? json.get("rms_norm_eps").getAsDouble() : 1e-6,
                json.has("rope_theta") ? json.get("rope_theta").getAsDouble() : 10000.0,
                json.has("tie_word_embeddings") && json.get("tie_word_embeddings").getAsBoolean(), bias,
                tokenId(json, "bos_token_id"), tokenId(json, "eos_token_id"));
    }

    /**
     * @param json parsed config.json
     * @param field {@code bos_token_id} or {@code eos_token_id}: a number, a list (the first counts) or null
     * @return the id, or -1 when absent
     */
    public static int tokenId(JsonObject json, String field) {
        if (!json.has(field) || json.get(field).isJsonNull()) {
            return -1;
        }
        JsonElement value = json.get(field);
        if (value.isJsonArray()) {
            return value.getAsJsonArray().isEmpty() ? -1 : value.getAsJsonArray().get(0).getAsInt();
        }
        return value.getAsInt();
    }

    /** @return the config as HF config.json */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("model_type", modelType);
        json.addProperty("vocab_size", vocabSize);
        json.addProperty("hidden_size", hiddenSize);
        json.addProperty("num_hidden_layers", numLayers);
        json.addProperty("num_attention_heads", numHeads);
        json.addProperty("num_key_value_heads", numKvHeads);
        json.addProperty("intermediate_size", intermediateSize);
        json.addProperty("max_position_embeddings", maxPositions);
        json.addProperty("rms_norm_eps", rmsNormEps);
        json.addProperty("rope_theta", ropeTheta);
        json.addProperty("tie_word_embeddings", tieWordEmbeddings);
        json.addProperty("attention_bias", attentionBias);
        json.addProperty("hidden_act", "silu");
        if (bosTokenId >= 0) {
            json.addProperty("bos_token_id", bosTokenId);
        }
        if (eosTokenId >= 0) {
            json.addProperty("eos_token_id", eosTokenId);
        }
        return json;
    }

    /** @return width of one head */
    public int headSize() {
        return hiddenSize / numHeads;
    }
}
