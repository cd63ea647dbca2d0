package io.tunestream.model.arch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.tunestream.model.weights.ModelLoadException;

/**
 * Shape of a GPT-2 decoder as in HF {@code config.json} ({@code GPT2Config}).
 *
 * @param vocabSize {@code vocab_size}
 * @param hiddenSize {@code n_embd}
 * @param numLayers {@code n_layer}
 * @param numHeads {@code n_head}
 * @param maxPositions {@code n_positions} (rows of the learned position table)
 * @param innerSize {@code n_inner}; 4 * n_embd when null in the file
 * @param layerNormEps {@code layer_norm_epsilon}
 * @param residDropout {@code resid_pdrop}
 * @param embdDropout {@code embd_pdrop}
 * @param attnDropout {@code attn_pdrop}
 * @param scaleAttnByInverseLayerIdx {@code scale_attn_by_inverse_layer_idx}: scores of layer i also / (i + 1)
 * @param tieWordEmbeddings {@code tie_word_embeddings} (default true: the LM head is {@code wte})
 * @param bosTokenId {@code bos_token_id}, or -1
 * @param eosTokenId {@code eos_token_id}, or -1
 */
public record Gpt2Config(
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int maxPositions,
        int innerSize,
        double layerNormEps,
        double residDropout,
        double embdDropout,
        double attnDropout,
        boolean scaleAttnByInverseLayerIdx,
        boolean tieWordEmbeddings,
        int bosTokenId,
        int eosTokenId) {

    /** HF {@code model_type}. */
    public static final String MODEL_TYPE = "gpt2";
    /** The only activation: HF's {@code gelu_new}, the tanh approximation of GELU. */
    public static final String ACTIVATION = "gelu_new";

    /** Validates the head split. */
    public Gpt2Config {
        if (hiddenSize % numHeads != 0) {
            throw new ModelLoadException("config.json: n_embd " + hiddenSize + " is not divisible by n_head " + numHeads);
        }
    }

    /** A tied config without dropout, eps 1e-5 and {@code <|endoftext|>}-style BOS = EOS. */
    public static Gpt2Config tiny(int vocabSize, int hiddenSize, int numLayers, int numHeads, int maxPositions,
            int eosTokenId) {
        return new Gpt2Config(vocabSize, hiddenSize, numLayers, numHeads, maxPositions, 4 * hiddenSize, 1e-5, 0, 0, 0,
                false, true, eosTokenId, eosTokenId);
    }

    /**
     * @param json parsed config.json
     * @return the config
     * @throws ModelLoadException naming the field when a value is missing or unsupported
     */
    public static Gpt2Config fromJson(JsonObject json) {
        String activation = json.has("activation_function") ? json.get("activation_function").getAsString() : ACTIVATION;
        if (!ACTIVATION.equals(activation)) {
            throw new ModelLoadException("config.json field activation_function='" + activation
                    + "' is not supported for gpt2 (only " + ACTIVATION + ")");
        }
        if (!flag(json, "scale_attn_weights", true)) {
            throw new ModelLoadException("config.json field scale_attn_weights=false is not supported for gpt2");
        }
        int hidden = required(json, "n_embd");
        JsonElement inner = json.get("n_inner");
        return new Gpt2Config(required(json, "vocab_size"), hidden, required(json, "n_layer"), required(json, "n_head"),
                json.has("n_positions") ? json.get("n_positions").getAsInt() : 1024,
                inner == null || inner.isJsonNull() ? 4 * hidden : inner.getAsInt(),
                number(json, "layer_norm_epsilon", 1e-5), number(json, "resid_pdrop", 0.1),
                number(json, "embd_pdrop", 0.1), number(json, "attn_pdrop", 0.1),
                flag(json, "scale_attn_by_inverse_layer_idx", false), flag(json, "tie_word_embeddings", true),
                DecoderConfig.tokenId(json, "bos_token_id"), DecoderConfig.tokenId(json, "eos_token_id"));
    }

    private static int required(JsonObject json, String field) {
        if (!json.has(field) || json.get(field).isJsonNull()) {
            throw new ModelLoadException("config.json field " + field + " is missing (model_type gpt2)");
        }
        return json.get(field).getAsInt();
    }

    private static double number(JsonObject json, String field, double fallback) {
        return json.has(field) && !json.get(field).isJsonNull() ? json.get(field).getAsDouble() : fallback;
    }

    private static boolean flag(JsonObject json, String field, boolean fallback) {
        return json.has(field) && !json.get(field).isJsonNull() ? json.get(field).getAsBoolean() : fallback;
    }

    /** @return a complete HF GPT-2 config.json (what {@code GPT2Config.to_dict()} writes for this shape) */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("activation_function", ACTIVATION);
        JsonArray architectures = new JsonArray();
        architectures.add("GPT2LMHeadModel");
        json.add("architectures", architectures);
        json.addProperty("attn_pdrop", attnDropout);
        tokenId(json, "bos_token_id", bosTokenId);
        json.addProperty("embd_pdrop", embdDropout);
        tokenId(json, "eos_token_id", eosTokenId);
        json.addProperty("initializer_range", 0.02);
        json.addProperty("layer_norm_epsilon", layerNormEps);
        json.addProperty("model_type", MODEL_TYPE);
        json.addProperty("n_ctx", maxPositions);
        json.addProperty("n_embd", hiddenSize);
        json.addProperty("n_head", numHeads);
        if (innerSize == 4 * hiddenSize) {
            json.add("n_inner", JsonNull.INSTANCE);
        } else {
            json.addProperty("n_inner", innerSize);
        }
        json.addProperty("n_layer", numLayers);
        json.addProperty("n_positions", maxPositions);
        json.addProperty("reorder_and_upcast_attn", false);
        json.addProperty("resid_pdrop", residDropout);
        json.addProperty("scale_attn_by_inverse_layer_idx", scaleAttnByInverseLayerIdx);
        json.addProperty("scale_attn_weights", true);
        json.add("summary_activation", JsonNull.INSTANCE);
        json.addProperty("summary_first_dropout", 0.1);
        json.addProperty("summary_proj_to_labels", true);
        json.addProperty("summary_type", "cls_index");
        json.addProperty("summary_use_proj", true);
        json.addProperty("tie_word_embeddings", tieWordEmbeddings);
        json.addProperty("use_cache", true);
        json.addProperty("vocab_size", vocabSize);
        return json;
    }

    private static void tokenId(JsonObject json, String field, int id) {
        if (id >= 0) {
            json.addProperty(field, id);
        } else {
            json.add(field, JsonNull.INSTANCE);
        }
    }

    /** @return width of one head */
    public int headSize() {
        return hiddenSize / numHeads;
    }
}
