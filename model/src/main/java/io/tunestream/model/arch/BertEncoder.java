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
 * BERT-family encoder (BERT, MiniLM, BGE) with HF tensor names: word, position and token-type
 * embeddings + LayerNorm, then {@link BertLayer}s. Returns the last hidden state.
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
        NormalInitializer init = new NormalInitializer(0.02f);
        wordEmbeddings = declare("embeddings.word_embeddings.weight", new Shape(config.vocabSize(), h), init);
        positionEmbeddings = declare("embeddings.position_embeddings.weight", new Shape(config.maxPositions(), h), init);
        tokenTypeEmbeddings = declare("embeddings.token_type_embeddings.weight", new Shape(config.typeVocabSize(), h), init);
        embeddingNorm = addChildBlock("embeddings_norm", new LayerNormBlock("embeddings.LayerNorm", h, config.layerNormEps()));
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(addChildBlock("layer" + i, new BertLayer("encoder.layer." + i, config, factory)));
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
        long length = prefixed.hidden().getShape().get(1);
        NDArray types = batch.typeIds();
        if (prefixed.prefixLength() > 0) {
            types = types.getManager().zeros(new Shape(batch.batchSize(), prefixed.prefixLength()), types.getDataType())
                    .toDevice(types.getDevice(), false).concat(types, 1);
        }
        NDArray positions = batch.inputIds().getManager().arange(0, (int) length, 1, DataType.INT64)
                .toDevice(words.getDevice(), false).reshape(1, length);
        NDArray x = prefixed.hidden().add(lookup(positions, positionEmbeddings)).add(lookup(types, tokenTypeEmbeddings));
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
