package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.ndarray.types.Shape;

/**
 * One LLaMA decoder layer: pre-RMSNorm, grouped-query self-attention with rotary positions and
 * a causal + padding mask, residual; pre-RMSNorm, SwiGLU MLP, residual.
 */
public class LlamaLayer extends HookedLayer {

    private final DecoderConfig config;
    private final RmsNorm inputNorm;
    private final Projection qProj;
    private final Projection kProj;
    private final Projection vProj;
    private final Projection oProj;
    private final RmsNorm postAttentionNorm;
    private final Projection gateProj;
    private final Projection upProj;
    private final Projection downProj;
    private final RotaryEmbedding rotary;

    /**
     * @param path module path, e.g. {@code model.layers.0}
     * @param config decoder shape
     * @param factory builds the projections
     */
    public LlamaLayer(String path, DecoderConfig config, ProjectionFactory factory) {
        super(path);
        this.config = config;
        int h = config.hiddenSize();
        int kv = config.numKvHeads() * config.headSize();
        boolean bias = config.attentionBias();
        inputNorm = addChildBlock("input_layernorm", new RmsNorm(path + ".input_layernorm", h, config.rmsNormEps()));
        qProj = addChildBlock("q_proj", factory.create(path + ".self_attn.q_proj", h, h, bias));
        kProj = addChildBlock("k_proj", factory.create(path + ".self_attn.k_proj", h, kv, bias));
        vProj = addChildBlock("v_proj", factory.create(path + ".self_attn.v_proj", h, kv, bias));
        oProj = addChildBlock("o_proj", factory.create(path + ".self_attn.o_proj", h, h, false));
        postAttentionNorm = addChildBlock("post_attention_layernorm",
                new RmsNorm(path + ".post_attention_layernorm", h, config.rmsNormEps()));
        gateProj = addChildBlock("gate_proj", factory.create(path + ".mlp.gate_proj", h, config.intermediateSize(), false));
        upProj = addChildBlock("up_proj", factory.create(path + ".mlp.up_proj", h, config.intermediateSize(), false));
        downProj = addChildBlock("down_proj", factory.create(path + ".mlp.down_proj", config.intermediateSize(), h, false));
        rotary = new RotaryEmbedding(config.headSize(), config.ropeTheta());
    }

    /**
     * @param x input [B, L, H]
     * @param mask additive causal + padding mask [B, 1, L, L]
     * @param rope cos/sin tables
     * @param training whether dropout (in hooks) is active
     * @return output [B, L, H]
     */
    public NDArray apply(NDArray x, NDArray mask, NDList rope, boolean training) {
        return apply(x, mask, rope, training, null, -1);
    }

    /**
     * The layer on new positions after cached ones: their keys and values (rotated, before the
     * grouped-query repetition) are appended to the layer's entry in the cache, and queries attend to
     * all of them.
     *
     * @param x new positions [B, T, H]
     * @param mask additive mask [B, 1, T, P + T] over cached and new keys
     * @param rope cos/sin tables of the new positions [B, 1, T, d]
     * @param cache keys and values so far; this layer's pair is replaced by the extended one
     * @param index this layer's index in the cache
     * @return output [B, T, H]
     */
    public NDArray applyCached(NDArray x, NDArray mask, NDList rope, KvCache cache, int index) {
        return apply(x, mask, rope, false, cache, index);
    }

    private NDArray apply(NDArray x, NDArray mask, NDList rope, boolean training, KvCache cache, int index) {
        NDArray attended = oProj.apply(attention(inputNorm.apply(x), mask, rope, training, cache, index), training);
        attended = hooked(Site.ATTENTION, attended, training);
        NDArray h = x.add(attended);
        NDArray normed = postAttentionNorm.apply(h);
        NDArray gate = gateProj.apply(normed, training);
        NDArray mlp = downProj.apply(gate.mul(Activation.sigmoid(gate)).mul(upProj.apply(normed, training)), training);
        mlp = hooked(Site.FEED_FORWARD, mlp, training);
        return h.add(mlp);
    }

    private NDArray attention(NDArray x, NDArray mask, NDList rope, boolean training, KvCache cache, int index) {
        long[] s = x.getShape().getShape();
        NDArray q = rotary.apply(heads(qProj.apply(x, training), config.numHeads()), rope);
        NDArray k = rotary.apply(heads(kProj.apply(x, training), config.numKvHeads()), rope);
        NDArray v = heads(vProj.apply(x, training), config.numKvHeads());
        if (cache != null) {
            NDArray pastK = cache.keys(index);
            NDArray pastV = cache.values(index);
            k = pastK == null ? k : pastK.concat(k, 2);
            v = pastV == null ? v : pastV.concat(v, 2);
            cache.set(index, k, v);
        }
        k = repeatKv(k);
        v = repeatKv(v);
        NDArray scores = Ops.mul(q.matMul(k.transpose(0, 1, 3, 2)), 1.0 / Math.sqrt(config.headSize())).add(mask);
        NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3);
        return context.reshape(s[0], s[1], config.hiddenSize());
    }

    private NDArray heads(NDArray x, int n) {
        long[] s = x.getShape().getShape();
        return x.reshape(s[0], s[1], n, config.headSize()).transpose(0, 2, 1, 3);
    }

    /** Each key/value head serves numHeads/numKvHeads query heads (HF repeat_kv order). */
    private NDArray repeatKv(NDArray x) {
        int rep = config.numHeads() / config.numKvHeads();
        if (rep == 1) {
            return x;
        }
        long[] s = x.getShape().getShape();
        return x.expandDims(2).broadcast(new Shape(s[0], s[1], rep, s[2], s[3])).reshape(s[0], s[1] * rep, s[2], s[3]);
    }
}
