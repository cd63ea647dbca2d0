package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.NormalInitializer;
import java.util.ArrayList;
import java.util.List;

/**
 * BERT-family encoder (BERT, MiniLM, BGE, RoBERTa, XLM-RoBERTa, DistilBERT) with the HF tensor names of its
 * {@link EncoderFamily}: word, position and (except DistilBERT) token-type embeddings + LayerNorm, then
 * {@link BertLayer}s. Returns the last hidden state. RoBERTa-style positions follow HF's
 * {@code create_position_ids_from_input_ids}: {@code pad + cumsum(ids != pad)} on tokens, {@code pad} on padding;
 * with a soft prompt (HF gets {@code inputs_embeds} then) they run {@code pad + 1 .. pad + P + L}.
 */
public class BertEncoder extends Backbone {

    private final EncoderConfig config;
    private final Parameter wordEmbeddings;
    private final Parameter positionEmbeddings;
    private final Parameter tokenTypeEmbeddings;
    private final LayerNormBlock embeddingNorm;
    private final List<BertLayer> layers = new ArrayList<>();

    /**
     * @param config the encoder's shape
     * @param factory builds every linear projection (the PEFT hook)
     */
    public BertEncoder(EncoderConfig config, ProjectionFactory factory) {
        this.config = config;
        int h = config.hiddenSize();
        EncoderNames names = config.family().names();
        NormalInitializer init = new NormalInitializer(0.02f);
        wordEmbeddings = declare(names.wordEmbeddings() + ".weight", new Shape(config.vocabSize(), h), init);
        positionEmbeddings = declare(names.positionEmbeddings() + ".weight", new Shape(config.maxPositions(), h), init);
        tokenTypeEmbeddings = config.family().hasTokenTypes()
                ? declare(names.tokenTypeEmbeddings() + ".weight", new Shape(config.typeVocabSize(), h), init)
                : null;
        embeddingNorm = addChildBlock("embeddings_norm", new LayerNormBlock(names.embeddingNorm(), h, config.layerNormEps()));
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(addChildBlock("layer" + i, new BertLayer(names.layers() + i, config, factory)));
        }
    }

    /** @param config the encoder's shape, with plain projections */
    public BertEncoder(EncoderConfig config) {
        this(config, ProjectionFactory.DEFAULT);
    }

    @Override
    public HiddenStates forward(TokenBatch batch, boolean training) {
        NDArray words = lookup(batch.inputIds(), wordEmbeddings);
        HiddenStates prefixed = prependSoftPrompt(words, batch.attentionMask());
        NDArray x = prefixed.hidden().add(lookup(positions(batch, prefixed), positionEmbeddings));
        if (tokenTypeEmbeddings != null) {
            NDArray types = batch.typeIds();
            if (prefixed.prefixLength() > 0) {
                types = types.getManager().zeros(new Shape(batch.batchSize(), prefixed.prefixLength()), types.getDataType())
                        .toDevice(types.getDevice(), false).concat(types, 1);
            }
            x = x.add(lookup(types, tokenTypeEmbeddings));
        }
        x = embeddingNorm.apply(x);
        if (training && config.hiddenDropout() > 0) {
            x = Dropout.dropout(x, (float) config.hiddenDropout(), true).singletonOrThrow();
        }
        NDArray mask = Ops.additivePaddingMask(prefixed.attentionMask(), x.getDataType());
        for (BertLayer layer : layers) {
            x = Ops.scoped(x, in -> layer.apply(in, mask, training));
        }
        return new HiddenStates(x, prefixed.attentionMask(), prefixed.prefixLength());
    }

    /** @return position ids [1, L] (BERT, DistilBERT) or [B, L] (RoBERTa's, offset by the padding id) */
    private NDArray positions(TokenBatch batch, HiddenStates prefixed) {
        NDArray ids = batch.inputIds();
        long length = prefixed.hidden().getShape().get(1);
        if (!config.family().paddingOffsetPositions()) {
            return ids.getManager().arange(0, (int) length, 1, DataType.INT64).toDevice(ids.getDevice(), false)
                    .reshape(1, length);
        }
        int pad = config.padTokenId();
        if (prefixed.prefixLength() > 0) {
            return ids.getManager().arange(pad + 1, pad + 1 + (int) length, 1, DataType.INT64)
                    .toDevice(ids.getDevice(), false).reshape(1, length);
        }
        NDArray tokens = ids.neq(Ops.scalar(ids, pad)).toType(DataType.INT64, false);
        return tokens.cumSum(1).mul(tokens).add(Ops.scalar(tokens, pad));
    }

    private static NDArray lookup(NDArray ids, Parameter table) {
        return Embedding.embedding(ids, table.getArray(), SparseFormat.DENSE).singletonOrThrow();
    }

    /** @return the encoder's shape */
    public EncoderConfig config() {
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
        return wordEmbeddings.getArray();
    }

    @Override
    public List<BertLayer> layers() {
        return layers;
    }
}
