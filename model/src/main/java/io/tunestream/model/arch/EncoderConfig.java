package io.tunestream.model.arch;

import com.google.gson.JsonObject;
import io.tunestream.model.weights.ModelLoadException;
import java.util.Set;

/**
 * Shape and hyper-parameters of a BERT-family encoder, as in Hugging Face's {@code config.json}.
 *
 * @param modelType HF {@code model_type} (bert, roberta-like layouts are not supported)
 * @param vocabSize word-embedding rows
 * @param hiddenSize hidden width
 * @param numLayers number of layers
 * @param numHeads attention heads
 * @param intermediateSize feed-forward width
 * @param maxPositions position-embedding rows
 * @param typeVocabSize token-type rows
 * @param layerNormEps LayerNorm epsilon
 * @param hiddenDropout dropout on sub-layer outputs and embeddings
 * @param attentionDropout dropout on attention probabilities
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
        double attentionDropout) {

    /** model_type values this encoder implements (same tensor layout as BERT). */
    public static final Set<String> SUPPORTED = Set.of("bert");

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
        if (!SUPPORTED.contains(type)) {
            throw new ModelLoadException("unknown encoder architecture model_type='" + type + "' in config.json");
        }
        String act = json.has("hidden_act") ? json.get("hidden_act").getAsString() : "gelu";
        if (!"gelu".equals(act)) {
            throw new ModelLoadException("unsupported hidden_act '" + act + "' in config.json (only gelu)");
        }
        return new EncoderConfig(type, json.get("vocab_size").getAsInt(), json.get("hidden_size").getAsInt(),
                json.get("num_hidden_layers").getAsInt(), json.get("num_attention_heads").getAsInt(),
                json.get("intermediate_size").getAsInt(), json.get("max_position_embeddings").getAsInt(),
                json.has("type_vocab_size") ? json.get("type_vocab_size").getAsInt() : 2,
                json.has("layer_norm_eps") ? json.get("layer_norm_eps").getAsDouble() : 1e-12,
                json.has("hidden_dropout_prob") ? json.get("hidden_dropout_prob").getAsDouble() : 0.1,
                json.has("attention_probs_dropout_prob") ? json.get("attention_probs_dropout_prob").getAsDouble() : 0.1);
    }

    /** @return the config as HF config.json */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("model_type", modelType);
        json.addProperty("vocab_size", vocabSize);
        json.addProperty("hidden_size", hiddenSize);
        json.addProperty("num_hidden_layers", numLayers);
        json.addProperty("num_attention_heads", numHeads);
        json.addProperty("intermediate_size", intermediateSize);
        json.addProperty("max_position_embeddings", maxPositions);
        json.addProperty("type_vocab_size", typeVocabSize);
        json.addProperty("layer_norm_eps", layerNormEps);
        json.addProperty("hidden_dropout_prob", hiddenDropout);
        json.addProperty("attention_probs_dropout_prob", attentionDropout);
        json.addProperty("hidden_act", "gelu");
        return json;
    }

    /** @return width of one attention head */
    public int headSize() {
        return hiddenSize / numHeads;
    }
}
