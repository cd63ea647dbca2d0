package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.NormalInitializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * GPT-2 ({@code GPT2LMHeadModel}) with HF names: {@code transformer.wte}, {@code transformer.wpe},
 * {@code transformer.h.N.*}, {@code transformer.ln_f}; the LM head is {@code wte} (tied, no tensor) unless
 * {@code tie_word_embeddings} is false ({@code lm_head.weight}). Positions are learned and count from 0 at
 * the first soft-prompt vector: PEFT's prompt tuning passes {@code inputs_embeds} = [prompt; tokens] to
 * GPT2Model without position ids, so the P virtual tokens get positions 0..P-1 and the text P.. (which
 * also means a soft prompt uses up P of the {@code n_positions}).
 */
public class Gpt2Decoder extends Backbone implements CausalDecoder {

    private final Gpt2Config config;
    private final Parameter wte;
    private final Parameter wpe;
    private final List<Gpt2Block> blocks = new ArrayList<>();
    private final LayerNormBlock lnF;
    private final Projection lmHead;

    /**
     * @param config decoder shape
     * @param factory builds every projection (the PEFT hook)
     */
    public Gpt2Decoder(Gpt2Config config, ProjectionFactory factory) {
        this.config = config;
        wte = declare("transformer.wte.weight", new Shape(config.vocabSize(), config.hiddenSize()),
                new NormalInitializer(0.02f));
        wpe = declare("transformer.wpe.weight", new Shape(config.maxPositions(), config.hiddenSize()),
                new NormalInitializer(0.02f));
        for (int i = 0; i < config.numLayers(); i++) {
            blocks.add(addChildBlock("h" + i, new Gpt2Block("transformer.h." + i, i, config, factory)));
        }
        lnF = addChildBlock("ln_f", new LayerNormBlock("transformer.ln_f", config.hiddenSize(), config.layerNormEps()));
        lmHead = config.tieWordEmbeddings() ? null
                : addChildBlock("lm_head", new Projection("lm_head", config.hiddenSize(), config.vocabSize(), false));
    }

    /** @param config decoder shape, plain projections */
    public Gpt2Decoder(Gpt2Config config) {
        this(config, ProjectionFactory.DEFAULT);
    }

    @Override
    public HiddenStates forward(TokenBatch batch, boolean training) {
        NDArray words = embed(batch.inputIds(), wte);
        HiddenStates prefixed = prependSoftPrompt(words, batch.attentionMask());
        int length = (int) prefixed.hidden().getShape().get(1);
        long[] positions = new long[length];
        for (int t = 0; t < length; t++) {
            positions[t] = t; // right-padded rows: arange equals cumsum(mask) - 1 on every real token
        }
        NDArray x = embedded(prefixed.hidden(), positions, new Shape(1, length), training);
        NDArray mask = attentionMask(prefixed.attentionMask(), length, x);
        for (Gpt2Block block : blocks) {
            x = Ops.scoped(x, in -> block.apply(in, mask, null, training));
        }
        return new HiddenStates(lnF.apply(x), prefixed.attentionMask(), prefixed.prefixLength());
    }

    @Override
    public NDArray forwardCached(NDArray inputIds, NDArray attentionMask, KvCache cache) {
        NDManager owner = cache.isEmpty() ? inputIds.getManager() : cache.keys(0).getManager();
        boolean first = cache.isEmpty();
        NDArray words = embed(inputIds, wte);
        int prefix = first ? (softPrompt() == null ? 0 : softPrompt().length()) : cache.prefixLength();
        NDArray x = first ? prependSoftPrompt(words, attentionMask).hidden() : words;
        if (first) {
            cache.setPrefixLength(prefix);
        }
        long b = inputIds.getShape().get(0);
        int queries = (int) x.getShape().get(1);
        int newTokens = (int) inputIds.getShape().get(1);
        x = embedded(x, cachedPositions(attentionMask, b, prefix, first, newTokens), new Shape(b, queries), false);
        NDArray ones = inputIds.getManager().ones(new Shape(b, prefix), attentionMask.getDataType());
        NDArray keyMask = prefix == 0 ? attentionMask : ones.concat(attentionMask, 1);
        NDArray mask = attentionMask(keyMask, queries, x);
        Gpt2Block.CacheSlot slot = new Gpt2Block.CacheSlot(cache, owner);
        for (Gpt2Block block : blocks) {
            x = Ops.scoped(x, in -> block.apply(in, mask, slot, false));
        }
        NDArray hidden = lnF.apply(x);
        return prefix > 0 && first ? hidden.get(new NDIndex(":, {}:", prefix)) : hidden;
    }

    /**
     * Positions of the new queries: 0..P-1 for a soft prompt on the first call, then {@code P + cumsum(mask) - 1}
     * for tokens (left padding gets 0 + P; its keys are masked anyway).
     */
    private static long[] cachedPositions(NDArray attentionMask, long batch, int prefix, boolean first, int newTokens) {
        long[] mask = attentionMask.toType(DataType.INT64, false).toLongArray();
        int seen = (int) (mask.length / batch);
        int queries = newTokens + (first ? prefix : 0);
        long[] positions = new long[(int) batch * queries];
        for (int r = 0; r < batch; r++) {
            long count = 0;
            int q = 0;
            for (int p = 0; first && p < prefix; p++) {
                positions[r * queries + q++] = p;
            }
            for (int t = 0; t < seen; t++) {
                count += mask[r * seen + t];
                if (t >= seen - newTokens) {
                    positions[r * queries + q++] = prefix + Math.max(0, count - 1);
                }
            }
        }
        return positions;
    }

    /** Adds the position embeddings (positions [B or 1, L] on the host) and applies embd_pdrop. */
    private NDArray embedded(NDArray inputs, long[] positions, Shape shape, boolean training) {
        long last = Arrays.stream(positions).max().orElse(0);
        if (last >= config.maxPositions()) {
            throw new IllegalArgumentException("position " + last + " (soft prompt included) exceeds n_positions "
                    + config.maxPositions() + " of this gpt2 model");
        }
        NDArray ids = inputs.getManager().create(positions, shape).toDevice(inputs.getDevice(), false);
        NDArray x = inputs.add(embed(ids, wpe));
        return training && config.embdDropout() > 0
                ? Dropout.dropout(x, (float) config.embdDropout(), true).singletonOrThrow() : x;
    }

    private static NDArray embed(NDArray ids, Parameter table) {
        return Embedding.embedding(ids, table.getArray(), SparseFormat.DENSE).singletonOrThrow();
    }

    /**
     * Additive mask [B, 1, Q, S]: query i (the last Q of S positions) sees key j when j is not after it and
     * the key is a real token. Built as one 0/1 product, so a fully masked row stays finite (no -inf, no NaN).
     */
    private static NDArray attentionMask(NDArray keyMask, int queries, NDArray like) {
        long[] shape = keyMask.getShape().getShape();
        int keys = (int) shape[1];
        int offset = keys - queries;
        float[] causal = new float[queries * keys];
        for (int i = 0; i < queries; i++) {
            for (int j = 0; j <= offset + i && j < keys; j++) {
                causal[i * keys + j] = 1f;
            }
        }
        NDManager manager = keyMask.getManager();
        NDArray allowed = manager.create(causal, new Shape(1, 1, queries, keys)).toType(like.getDataType(), false)
                .toDevice(like.getDevice(), false)
                .mul(keyMask.toType(like.getDataType(), false).reshape(shape[0], 1, 1, keys));
        return Ops.scalar(allowed, 1.0).sub(allowed).mul(Ops.scalar(allowed, Ops.lowest(like.getDataType())));
    }

    @Override
    public NDArray logits(NDArray hidden) {
        if (lmHead != null) {
            return lmHead.apply(hidden, false);
        }
        return Linear.linear(hidden, wte.getArray(), null).singletonOrThrow();
    }

    @Override
    public int maxPositions() {
        return config.maxPositions();
    }

    /** @return -1: GPT-2's tokenizer puts no BOS in front of a text ({@code bos_token_id} stays in the config) */
    @Override
    public int bosTokenId() {
        return -1;
    }

    @Override
    public int eosTokenId() {
        return config.eosTokenId();
    }

    /** @return the decoder's shape */
    public Gpt2Config config() {
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
        return Gpt2Config.MODEL_TYPE;
    }

    @Override
    public NDArray wordEmbeddings() {
        return wte.getArray();
    }

    @Override
    public List<Gpt2Block> layers() {
        return blocks;
    }
}
