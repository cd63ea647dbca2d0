package io.tunestream.model.arch;

/**
 * Hugging Face module paths of one encoder layout: the embeddings' paths from the model's root, and each layer's
 * sub-modules relative to {@code layers + N}.
 *
 * @param wordEmbeddings word-embedding module
 * @param positionEmbeddings position-embedding module
 * @param tokenTypeEmbeddings token-type module, or null when the layout has none
 * @param embeddingNorm LayerNorm after the embeddings
 * @param layers prefix of the layers, e.g. {@code encoder.layer.}
 * @param query query projection
 * @param key key projection
 * @param value value projection
 * @param attentionOutput attention output projection
 * @param attentionNorm LayerNorm after attention
 * @param intermediate first feed-forward projection
 * @param output second feed-forward projection
 * @param outputNorm LayerNorm after the feed-forward
 */
public record EncoderNames(String wordEmbeddings, String positionEmbeddings, String tokenTypeEmbeddings,
        String embeddingNorm, String layers, String query, String key, String value, String attentionOutput,
        String attentionNorm, String intermediate, String output, String outputNorm) {

    /** BERT, RoBERTa, XLM-RoBERTa ({@code modeling_bert.py}, {@code modeling_roberta.py}). */
    public static final EncoderNames BERT = new EncoderNames("embeddings.word_embeddings",
            "embeddings.position_embeddings", "embeddings.token_type_embeddings", "embeddings.LayerNorm",
            "encoder.layer.", "attention.self.query", "attention.self.key", "attention.self.value",
            "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense", "output.dense",
            "output.LayerNorm");

    /** DistilBERT ({@code modeling_distilbert.py}: {@code transformer.layer.N.attention.q_lin}, {@code ffn.lin1}). */
    public static final EncoderNames DISTILBERT = new EncoderNames("embeddings.word_embeddings",
            "embeddings.position_embeddings", null, "embeddings.LayerNorm", "transformer.layer.", "attention.q_lin",
            "attention.k_lin", "attention.v_lin", "attention.out_lin", "sa_layer_norm", "ffn.lin1", "ffn.lin2",
            "output_layer_norm");
}
