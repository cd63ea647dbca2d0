package io.tunestream.model.weights;

import ai.djl.ndarray.types.Shape;
import io.tunestream.model.arch.EncoderConfig;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a BERT-layout encoder read off its ONNX initializers, for exports that ship no {@code config.json}:
 * vocabulary and width from the word embeddings, positions and token types from their tables, depth from the
 * highest {@code encoder.layer.N}, feed-forward width from the first intermediate bias. The head count is not in
 * the weights (it only shapes a Reshape), so the caller supplies it from the model card.
 */
public final class OnnxEncoderConfig {

    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");

    private OnnxEncoderConfig() {}

    /**
     * @param tensors initializers by HF name ({@link OnnxInitializers#readHost})
     * @param numHeads attention heads (from the model card)
     * @param source the ONNX file, for messages
     * @return a {@code bert} config with LayerNorm eps 1e-12 and dropout 0.1
     * @throws ModelLoadException when a table is missing or the width does not split into the heads
     */
    public static EncoderConfig infer(Map<String, OnnxInitializers.HostTensor> tensors, int numHeads, String source) {
        Shape words = shape(tensors, "embeddings.word_embeddings.weight", source);
        int hidden = (int) words.get(1);
        if (hidden % numHeads != 0) {
            throw new ModelLoadException(source + ": hidden width " + hidden + " does not split into " + numHeads
                    + " heads");
        }
        int layers = 0;
        for (String name : tensors.keySet()) {
            Matcher m = LAYER.matcher(name);
            if (m.find()) {
                layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
            }
        }
        if (layers == 0) {
            throw new ModelLoadException(source + " has no encoder.layer.N tensors: not a BERT-layout encoder");
        }
        return new EncoderConfig("bert", (int) words.get(0), hidden, layers, numHeads,
                (int) shape(tensors, "encoder.layer.0.intermediate.dense.bias", source).get(0),
                (int) shape(tensors, "embeddings.position_embeddings.weight", source).get(0),
                (int) shape(tensors, "embeddings.token_type_embeddings.weight", source).get(0), 1e-12, 0.1, 0.1);
    }

    private static Shape shape(Map<String, OnnxInitializers.HostTensor> tensors, String name, String source) {
        OnnxInitializers.HostTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new ModelLoadException("tensor '" + name + "' is missing from " + source);
        }
        return tensor.shape();
    }
}
