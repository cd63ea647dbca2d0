package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;

/**
 * One BERT-family layer: multi-head self-attention with a padding mask, output projection, residual +
 * post-LayerNorm, then a GELU (erf) feed-forward with residual + post-LayerNorm. BERT, RoBERTa and DistilBERT
 * compute the same; the module names come from the config's {@link EncoderFamily}.
 */
public class BertLayer extends HookedLayer {

    private final EncoderConfig config;
    private final Projection query;
    private final Projection key;
    private final Projection value;
    private final Projection attentionOutput;
    private final LayerNormBlock attentionNorm;
    private final Projection intermediate;
    private final Projection output;
    private final LayerNormBlock outputNorm;

    /**
     * @param path module path, e.g. {@code encoder.layer.0} ({@code transformer.layer.0} in DistilBERT)
     * @param config encoder shape
     * @param factory builds the projections
     */
    public BertLayer(String path, EncoderConfig config, ProjectionFactory factory) {
        super(path);
        this.config = config;
        int h = config.hiddenSize();
        EncoderNames names = config.family().names();
        String at = path + ".";
        query = addChildBlock("query", factory.create(at + names.query(), h, h, true));
        key = addChildBlock("key", factory.create(at + names.key(), h, h, true));
        value = addChildBlock("value", factory.create(at + names.value(), h, h, true));
        attentionOutput = addChildBlock("attention_output", factory.create(at + names.attentionOutput(), h, h, true));
        attentionNorm = addChildBlock("attention_norm",
                new LayerNormBlock(at + names.attentionNorm(), h, config.layerNormEps()));
        intermediate = addChildBlock("intermediate",
                factory.create(at + names.intermediate(), h, config.intermediateSize(), true));
        output = addChildBlock("output", factory.create(at + names.output(), config.intermediateSize(), h, true));
        outputNorm = addChildBlock("output_norm", new LayerNormBlock(at + names.outputNorm(), h, config.layerNormEps()));
    }

    /**
     * @param hidden input [B, L, H]
     * @param additiveMask [B, 1, 1, L] (0 or very negative)
     * @param training whether dropout is active
     * @return output [B, L, H]
     */
    public NDArray apply(NDArray hidden, NDArray additiveMask, boolean training) {
        NDArray context = selfAttention(hidden, additiveMask, training);
        NDArray attended = dropout(attentionOutput.apply(context, training), training);
        attended = hooked(Site.ATTENTION, attended, training);
        NDArray h1 = attentionNorm.apply(attended.add(hidden));
        NDArray inner = Activation.gelu(intermediate.apply(h1, training));
        NDArray out = dropout(output.apply(inner, training), training);
        out = hooked(Site.FEED_FORWARD, out, training);
        return outputNorm.apply(out.add(h1));
    }

    private NDArray selfAttention(NDArray hidden, NDArray additiveMask, boolean training) {
        NDArray q = splitHeads(query.apply(hidden, training));
        NDArray k = splitHeads(key.apply(hidden, training));
        NDArray v = splitHeads(value.apply(hidden, training));
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        scores = Ops.mul(scores, 1.0 / Math.sqrt(config.headSize())).add(additiveMask);
        NDArray probs = scores.softmax(-1);
        if (training && config.attentionDropout() > 0) {
            probs = Dropout.dropout(probs, (float) config.attentionDropout(), true).singletonOrThrow();
        }
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3);
        long[] s = hidden.getShape().getShape();
        return context.reshape(s[0], s[1], config.hiddenSize());
    }

    private NDArray splitHeads(NDArray x) {
        long[] s = x.getShape().getShape();
        return x.reshape(s[0], s[1], config.numHeads(), config.headSize()).transpose(0, 2, 1, 3);
    }

    private NDArray dropout(NDArray x, boolean training) {
        if (!training || config.hiddenDropout() <= 0) {
            return x;
        }
        return Dropout.dropout(x, (float) config.hiddenDropout(), true).singletonOrThrow();
    }
}
