package io.tunestream.model.arch;

import com.google.gson.JsonObject;
import io.tunestream.model.weights.ModelLoadException;
import java.util.Map;
import java.util.Set;

/**
 * Shape and hyper-parameters of a BERT-family encoder, as in Hugging Face's {@code config.json}.
 *
 * @param modelType HF {@code model_type} (one of {@link EncoderFamily})
 * @param vocabSize word-embedding rows
 * @param hiddenSize hidden width
 * @param numLayers number of layers
 * @param numHeads attention heads
 * @param intermediateSize feed-forward width
 * @param maxPositions position-embedding rows
 * @param typeVocabSize token-type rows (0 for DistilBERT, which has none)
 * @param layerNormEps LayerNorm epsilon
 * @param hiddenDropout dropout on sub-layer outputs and embeddings
 * @param attentionDropout dropout on attention probabilities
 * @param padTokenId the padding id; RoBERTa's positions start after it
 */
public record EncoderConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        int maxPositions,
        int typeVocabSize,
        double layerNormEps,
        double hiddenDropout,
        double attentionDropout,
        int padTokenId) {

    /** model_type values this encoder implements. */
    public static final Set<String> SUPPORTED = Set.copyOf(EncoderFamily.modelTypes());

    /** A config with pad token id 0 (BERT's {@code [PAD]}). */
    public EncoderConfig(String modelType, int vocabSize, int hiddenSize, int numLayers, int numHeads,
            int intermediateSize, int maxPositions, int typeVocabSize, double layerNormEps, double hiddenDropout,
            double attentionDropout) {
        this(modelType, vocabSize, hiddenSize, numLayers, numHeads, intermediateSize, maxPositions, typeVocabSize,
                layerNormEps, hiddenDropout, attentionDropout, 0);
    }

    /** @return all-MiniLM-L6-v2 (a BERT layout; its ONNX export carries no config.json) */
    public static EncoderConfig miniLmL6() {
        return new EncoderConfig("bert", 30522, 384, 6, 12, 1536, 512, 2, 1e-12, 0.1, 0.1);
    }

    /**
     * @param json a parsed {@code config.json}
     * @return the config
     * @throws ModelLoadException for another {@code model_type} or a non-GELU activation
     */
    public static EncoderConfig fromJson(JsonObject json) {
        String type = json.has("model_type") ? json.get("model_type").getAsString() : "";
        EncoderFamily family = EncoderFamily.of(type);
        String act = string(json, family == EncoderFamily.DISTILBERT ? "activation" : "hidden_act", "gelu");
        if (!"gelu".equals(act)) {
            throw new ModelLoadException("unsupported activation '" + act + "' in config.json (only gelu)");
        }
        if (family == EncoderFamily.DISTILBERT) {
            // modeling_distilbert: LayerNorm eps is fixed at 1e-12; no token types; pad_token_id 0
            return new EncoderConfig(type, integer(json, "vocab_size"), integer(json, "dim"),
                    integer(json, "n_layers"), integer(json, "n_heads"), integer(json, "hidden_dim"),
                    integer(json, "max_position_embeddings"), 0, 1e-12, number(json, "dropout", 0.1),
                    number(json, "attention_dropout", 0.1), json.has("pad_token_id") ? integer(json, "pad_token_id") : 0);
        }
        boolean roberta = family.paddingOffsetPositions();
        return new EncoderConfig(type, integer(json, "vocab_size"), integer(json, "hidden_size"),
                integer(json, "num_hidden_layers"), integer(json, "num_attention_heads"),
                integer(json, "intermediate_size"), integer(json, "max_position_embeddings"),
                json.has("type_vocab_size") ? integer(json, "type_vocab_size") : roberta ? 1 : 2,
                number(json, "layer_norm_eps", 1e-12), number(json, "hidden_dropout_prob", 0.1),
                number(json, "attention_probs_dropout_prob", 0.1),
                json.has("pad_token_id") ? integer(json, "pad_token_id") : roberta ? 1 : 0);
    }

    /** @return the config as HF config.json, with the family's own keys */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("model_type", modelType);
        json.addProperty("vocab_size", vocabSize);
        json.addProperty("max_position_embeddings", maxPositions);
        json.addProperty("pad_token_id", padTokenId);
        if (family() == EncoderFamily.DISTILBERT) {
            Map.of("dim", hiddenSize, "n_layers", numLayers, "n_heads", numHeads, "hidden_dim", intermediateSize)
                    .forEach(json::addProperty);
            json.addProperty("dropout", hiddenDropout);
            json.addProperty("attention_dropout", attentionDropout);
            json.addProperty("activation", "gelu");
            json.addProperty("sinusoidal_pos_embds", false);
            return json;
        }
        json.addProperty("hidden_size", hiddenSize);
        json.addProperty("num_hidden_layers", numLayers);
        json.addProperty("num_attention_heads", numHeads);
        json.addProperty("intermediate_size", intermediateSize);
        json.addProperty("type_vocab_size", typeVocabSize);
        json.addProperty("layer_norm_eps", layerNormEps);
        json.addProperty("hidden_dropout_prob", hiddenDropout);
        json.addProperty("attention_probs_dropout_prob", attentionDropout);
        json.addProperty("hidden_act", "gelu");
        return json;
    }

    /** @return the layout family of {@link #modelType} */
    public EncoderFamily family() {
        return EncoderFamily.of(modelType);
    }

    /** @return width of one attention head */
    public int headSize() {
        return hiddenSize / numHeads;
    }

    private static int integer(JsonObject json, String key) {
        if (!json.has(key) || json.get(key).isJsonNull()) {
            throw new ModelLoadException("config.json lacks '" + key + "'");
        }
        return json.get(key).getAsInt();
    }

    private static double number(JsonObject json, String key, double fallback) {
        return json.has(key) && !json.get(key).isJsonNull() ? json.get(key).getAsDouble() : fallback;
    }

    private static String string(JsonObject json, String key, String fallback) {
        return json.has(key) && !json.get(key).isJsonNull() ? json.get(key).getAsString() : fallback;
    }
}
