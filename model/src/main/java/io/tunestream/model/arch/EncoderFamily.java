package io.tunestream.model.arch;

import io.tunestream.model.weights.ModelLoadException;
import java.util.Arrays;
import java.util.List;

/**
 * The encoder layouts of the BERT family, each with Hugging Face's module names, the prefix its task models put in
 * front of them ({@code bert.}, {@code roberta.}, {@code distilbert.}) and how it counts positions.
 * RoBERTa and XLM-RoBERTa share BERT's module names, start positions at {@code pad_token_id + 1} and have a
 * single token type; DistilBERT names its modules differently and has no token types.
 */
public enum EncoderFamily {
    /** BERT, MiniLM, BGE, E5 ({@code BertModel}). */
    BERT("bert", "bert.", "BertModel", EncoderNames.BERT, false),
    /** RoBERTa ({@code RobertaModel}). */
    ROBERTA("roberta", "roberta.", "RobertaModel", EncoderNames.BERT, true),
    /** XLM-RoBERTa ({@code XLMRobertaModel}): RoBERTa's layout with a SentencePiece vocabulary. */
    XLM_ROBERTA("xlm-roberta", "roberta.", "XLMRobertaModel", EncoderNames.BERT, true),
    /** DistilBERT ({@code DistilBertModel}). */
    DISTILBERT("distilbert", "distilbert.", "DistilBertModel", EncoderNames.DISTILBERT, false);

    private final String modelType;
    private final String checkpointPrefix;
    private final String modelClass;
    private final EncoderNames names;
    private final boolean paddingOffsetPositions;

    EncoderFamily(String modelType, String checkpointPrefix, String modelClass, EncoderNames names,
            boolean paddingOffsetPositions) {
        this.modelType = modelType;
        this.checkpointPrefix = checkpointPrefix;
        this.modelClass = modelClass;
        this.names = names;
        this.paddingOffsetPositions = paddingOffsetPositions;
    }

    /**
     * @param modelType config.json's {@code model_type}
     * @return its family
     * @throws ModelLoadException for a type no family has
     */
    public static EncoderFamily of(String modelType) {
        return Arrays.stream(values()).filter(f -> f.modelType.equals(modelType)).findFirst()
                .orElseThrow(() -> new ModelLoadException("unknown encoder architecture model_type='" + modelType
                        + "' in config.json (encoders: " + String.join(", ", modelTypes()) + ")"));
    }

    /** @return every encoder {@code model_type}, in declaration order */
    public static List<String> modelTypes() {
        return Arrays.stream(values()).map(EncoderFamily::modelType).toList();
    }

    /** @return config.json's {@code model_type} */
    public String modelType() {
        return modelType;
    }

    /** @return the prefix of the base model's tensors in the family's task checkpoints ({@code roberta.}) */
    public String checkpointPrefix() {
        return checkpointPrefix;
    }

    /** @return Hugging Face's base-model class, as {@code architectures} names it */
    public String modelClass() {
        return modelClass;
    }

    /** @return the family's module names */
    public EncoderNames names() {
        return names;
    }

    /** @return whether positions count from {@code pad_token_id + 1} and padding sits at {@code pad_token_id} */
    public boolean paddingOffsetPositions() {
        return paddingOffsetPositions;
    }

    /** @return whether the embeddings add a token-type (segment) vector */
    public boolean hasTokenTypes() {
        return names.tokenTypeEmbeddings() != null;
    }
}
