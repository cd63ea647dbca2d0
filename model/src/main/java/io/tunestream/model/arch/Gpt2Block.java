package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.norm.Dropout;

/**
 * One GPT-2 block ({@code transformer.h.N}): pre-LayerNorm ({@code ln_1}), multi-head self-attention
 * through the fused {@code attn.c_attn} and {@code attn.c_proj} Conv1D projections ([in, out] weights),
 * residual; pre-LayerNorm ({@code ln_2}), {@code mlp.c_fc}, gelu_new, {@code mlp.c_proj}, residual.
 */
public class Gpt2Block extends HookedLayer {

    private final Gpt2Config config;
    private final int index;
    private final LayerNormBlock ln1;
    private final Projection cAttn;
    private final Projection attnProj;
    private final LayerNormBlock ln2;
    private final Projection cFc;
    private final Projection mlpProj;

    /**
     * @param path module path, e.g. {@code transformer.h.0}
     * @param index layer index (for {@code scale_attn_by_inverse_layer_idx})
     * @param config decoder shape
     * @param factory builds the projections
     */
    public Gpt2Block(String path, int index, Gpt2Config config, ProjectionFactory factory) {
        super(path);
        this.index = index;
        this.config = config;
        int h = config.hiddenSize();
        Projection.Layout conv1d = Projection.Layout.IN_OUT;
        ln1 = addChildBlock("ln_1", new LayerNormBlock(path + ".ln_1", h, config.layerNormEps()));
        cAttn = addChildBlock("c_attn", factory.create(path + ".attn.c_attn", h, 3 * h, true, conv1d));
        attnProj = addChildBlock("attn_c_proj", factory.create(path + ".attn.c_proj", h, h, true, conv1d));
        ln2 = addChildBlock("ln_2", new LayerNormBlock(path + ".ln_2", h, config.layerNormEps()));
        cFc = addChildBlock("c_fc", factory.create(path + ".mlp.c_fc", h, config.innerSize(), true, conv1d));
        mlpProj = addChildBlock("mlp_c_proj", factory.create(path + ".mlp.c_proj", config.innerSize(), h, true, conv1d));
    }

    /**
     * @param x input [B, Q, H]
     * @param mask additive causal + padding mask [B, 1, Q, S] over all S key positions
     * @param cache earlier keys and values (extended in place), or null to attend within x only
     * @param training whether dropout is active
     * @return output [B, Q, H]
     */
    public NDArray apply(NDArray x, NDArray mask, CacheSlot cache, boolean training) {
        NDArray attended = dropout(attnProj.apply(attention(ln1.apply(x), mask, cache, training), training),
                config.residDropout(), training);
        attended = hooked(Site.ATTENTION, attended, training);
        NDArray h = x.add(attended);
        NDArray mlp = dropout(mlpProj.apply(geluNew(cFc.apply(ln2.apply(h), training)), training),
                config.residDropout(), training);
        mlp = hooked(Site.FEED_FORWARD, mlp, training);
        return h.add(mlp);
    }

    /**
     * Where a cached forward keeps keys and values.
     *
     * @param cache the cache, extended in place
     * @param owner the manager the cached arrays live in (outlives the per-layer scope)
     */
    public record CacheSlot(KvCache cache, NDManager owner) {}

    private NDArray attention(NDArray x, NDArray mask, CacheSlot slot, boolean training) {
        long[] s = x.getShape().getShape();
        NDList qkv = cAttn.apply(x, training).split(3, 2);
        NDArray q = heads(qkv.get(0));
        NDArray k = heads(qkv.get(1));
        NDArray v = heads(qkv.get(2));
        if (slot != null) {
            k = append(slot.cache().keys(index), k, slot.owner());
            v = append(slot.cache().values(index), v, slot.owner());
            slot.cache().set(index, k, v);
        }
        double scale = 1.0 / Math.sqrt(config.headSize()) / (config.scaleAttnByInverseLayerIdx() ? index + 1 : 1);
        NDArray scores = Ops.mul(q.matMul(k.transpose(0, 1, 3, 2)), scale).add(mask);
        NDArray probs = dropout(scores.softmax(-1), config.attnDropout(), training);
        return probs.matMul(v).transpose(0, 2, 1, 3).reshape(s[0], s[1], config.hiddenSize());
    }

    /** Concatenates new keys or values after the cached ones; the result lives in the cache's manager. */
    private static NDArray append(NDArray past, NDArray now, NDManager owner) {
        NDArray all = past == null ? now.duplicate() : past.concat(now, 2);
        all.attach(owner);
        if (past != null) {
            past.close();
        }
        return all;
    }

    private NDArray heads(NDArray x) {
        long[] s = x.getShape().getShape();
        return x.reshape(s[0], s[1], config.numHeads(), config.headSize()).transpose(0, 2, 1, 3);
    }

    /** HF {@code NewGELUActivation}: 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))). */
    static NDArray geluNew(NDArray x) {
        NDArray cube = x.mul(x).mul(x);
        NDArray inner = Ops.mul(x.add(Ops.mul(cube, 0.044715)), Math.sqrt(2.0 / Math.PI));
        return Ops.mul(x, 0.5).mul(Ops.add(inner.tanh(), 1.0));
    }

    private static NDArray dropout(NDArray x, double rate, boolean training) {
        if (!training || rate <= 0) {
            return x;
        }
        return Dropout.dropout(x, (float) rate, true).singletonOrThrow();
    }
}
