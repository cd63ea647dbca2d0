package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.training.initializer.NormalInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * LLaMA-family decoder (Llama, Qwen2, Mistral layouts) with HF names ({@code
 * model.embed_tokens}, {@code model.layers.N.self_attn.q_proj}, {@code model.norm}, {@code
 * lm_head}) and a tied or untied LM head.
 */
public class LlamaDecoder extends Backbone implements CausalDecoder {

    private final DecoderConfig config;
    private final Parameter embedTokens;
    private final List<LlamaLayer> layers = new ArrayList<>();
    private final RmsNorm norm;
    private final Projection lmHead;

    /**
     * @param config decoder shape
     * @param factory builds every projection (the PEFT hook)
     */
    public LlamaDecoder(DecoderConfig config, ProjectionFactory factory) {
        this.config = config;
        embedTokens = declare("model.embed_tokens.weight", new Shape(config.vocabSize(), config.hiddenSize()),
                new NormalInitializer(0.02f));
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(addChildBlock("layer" + i, new LlamaLayer("model.layers." + i, config, factory)));
        }
        norm = addChildBlock("norm", new RmsNorm("model.norm", config.hiddenSize(), config.rmsNormEps()));
        lmHead = config.tieWordEmbeddings() ? null
                : addChildBlock("lm_head", new Projection("lm_head", config.hiddenSize(), config.vocabSize(), false));
    }

    /** @param config decoder shape, plain projections */
    public LlamaDecoder(DecoderConfig config) {
        this(config, ProjectionFactory.DEFAULT);
    }

    @Override
    public HiddenStates forward(TokenBatch batch, boolean training) {
        NDArray words = Embedding.embedding(batch.inputIds(), embedTokens.getArray(), SparseFormat.DENSE).singletonOrThrow();
        HiddenStates prefixed = prependSoftPrompt(words, batch.attentionMask());
        NDArray x = prefixed.hidden();
        int length = (int) x.getShape().get(1);
        NDManager manager = batch.inputIds().getManager();
        NDArray mask = causalMask(manager, length, x).add(Ops.additivePaddingMask(prefixed.attentionMask(), x.getDataType()));
        NDList rope = rotaryTables(manager, length);
        for (LlamaLayer layer : layers) {
            x = Ops.scoped(x, in -> layer.apply(in, mask, rope, training));
        }
        return new HiddenStates(norm.apply(x), prefixed.attentionMask(), prefixed.prefixLength());
    }

    private NDList rotaryTables(NDManager manager, int length) {
        return new RotaryEmbedding(config.headSize(), config.ropeTheta()).tables(manager, length);
    }

    private static NDArray causalMask(NDManager manager, int length, NDArray like) {
        float[] values = new float[length * length];
        float lowest = (float) Ops.lowest(like.getDataType());
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                values[i * length + j] = lowest;
            }
        }
        return manager.create(values, new Shape(1, 1, length, length)).toType(like.getDataType(), false)
                .toDevice(like.getDevice(), false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The cache's arrays live in the manager of the first call's {@code inputIds} (later calls
     * replace them there and close the ones they replace); the result lives in the manager of this
     * call's {@code inputIds}, and every other array of the call is freed before it returns.
     */
    @Override
    public NDArray forwardCached(NDArray inputIds, NDArray attentionMask, KvCache cache) {
        NDManager owner = inputIds.getManager();
        NDManager cacheOwner = cache.isEmpty() ? owner : cache.keys(0).getManager();
        int prefix = cache.isEmpty() ? softPromptLength() : cache.prefixLength();
        int rows = (int) inputIds.getShape().get(0);
        int past = (int) cache.length();
        int seen = (int) attentionMask.getShape().get(1);
        int fresh = (int) inputIds.getShape().get(1) + (cache.isEmpty() ? prefix : 0);
        if (attentionMask.getShape().get(0) != rows || past + fresh != prefix + seen) {
            throw new IllegalArgumentException("attention mask " + attentionMask.getShape() + " does not cover "
                    + (past - cache.prefixLength()) + " cached + " + inputIds.getShape().get(1) + " new tokens of " + rows + " rows");
        }
        long[] mask = attentionMask.toLongArray();
        try (NDManager step = owner.newSubManager()) {
            inputIds.tempAttach(step);
            NDArray x = Embedding.embedding(inputIds, embedTokens.getArray(), SparseFormat.DENSE).singletonOrThrow();
            if (cache.isEmpty()) {
                x = prependSoftPrompt(x, attentionMask).hidden();
                cache.setPrefixLength(prefix);
            }
            NDArray additive = CachedAttention.mask(step, mask, rows, prefix, fresh, x);
            NDList rope = new RotaryEmbedding(config.headSize(), config.ropeTheta())
                    .tables(step, CachedAttention.positions(mask, rows, prefix, fresh), rows, fresh);
            for (int i = 0; i < layers.size(); i++) {
                int index = i;
                x = Ops.scoped(x, in -> {
                    NDArray pastK = cache.keys(index);
                    NDArray pastV = cache.values(index);
                    NDArray out = layers.get(index).applyCached(in, additive, rope, cache, index);
                    cache.keys(index).attach(cacheOwner);
                    cache.values(index).attach(cacheOwner);
                    closeReplaced(pastK, cache.keys(index));
                    closeReplaced(pastV, cache.values(index));
                    return out;
                });
            }
            NDArray hidden = norm.apply(x);
            if (fresh > inputIds.getShape().get(1)) {
                hidden = hidden.get(new NDIndex(":, {}:, :", prefix)); // the new tokens only
            }
            hidden.attach(owner);
            return hidden;
        }
    }

    private static void closeReplaced(NDArray old, NDArray current) {
        if (old != null && old != current) {
            old.close();
        }
    }

    private int softPromptLength() {
        return softPrompt() == null ? 0 : softPrompt().length();
    }

    @Override
    public int maxPositions() {
        return config.maxPositions();
    }

    @Override
    public int bosTokenId() {
        return config.bosTokenId();
    }

    @Override
    public int eosTokenId() {
        return config.eosTokenId();
    }

    @Override
    public NDArray logits(NDArray hidden) {
        if (lmHead != null) {
            return lmHead.apply(hidden, false);
        }
        return Linear.linear(hidden, embedTokens.getArray(), null).singletonOrThrow();
    }

    /** @return tensors a checkpoint may omit (none: a tied head has no lm_head slot) */
    public Set<String> optionalTensors() {
        return Set.of();
    }

    /** @return the decoder's shape */
    public DecoderConfig config() {
        return config;
    }

    @Override
    public int hiddenSize() {
        return config.hiddenSize();
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public String modelType() {
        return config.modelType();
    }

    @Override
    public NDArray wordEmbeddings() {
        return embedTokens.getArray();
    }

    @Override
    public List<LlamaLayer> layers() {
        return layers;
    }
}
