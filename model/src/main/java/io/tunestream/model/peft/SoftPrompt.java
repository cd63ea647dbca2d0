package io.tunestream.model.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import io.tunestream.model.arch.ModuleBlock;
import io.tunestream.model.arch.SoftPromptSource;
import io.tunestream.model.arch.TensorSlot;

/**
 * Trainable soft-prompt vectors {@code prompt_embeddings.weight} [P, H] prepended to the input
 * embeddings; initialised from the vocabulary embeddings of a text (repeated to length P, as
 * PEFT's TEXT init) or randomly.
 */
public class SoftPrompt extends ModuleBlock implements SoftPromptSource {

    /** Tensor name of the prompt vectors. */
    public static final String NAME = "prompt_embeddings.weight";

    private final Parameter vectors;
    private final int length;

    /**
     * @param length number of vectors P
     * @param hiddenSize width H
     */
    public SoftPrompt(int length, int hiddenSize) {
        this.length = length;
        this.vectors = declare(NAME, new Shape(length, hiddenSize), new NormalInitializer(0.02f));
    }

    /**
     * Initialises the vectors with the embeddings of {@code tokenIds}, cycling through them.
     *
     * @param wordEmbeddings the backbone's [V, H] matrix
     * @param tokenIds ids of the init text (non-empty)
     * @param manager owner of the vectors
     */
    public void initializeFromTokens(NDArray wordEmbeddings, long[] tokenIds, NDManager manager) {
        long[] ids = new long[length];
        for (int i = 0; i < length; i++) {
            ids[i] = tokenIds[i % tokenIds.length];
        }
        NDArray index = manager.create(ids);
        NDArray rows = wordEmbeddings.get(index).toType(wordEmbeddings.getDataType(), true);
        index.close();
        TensorSlot slot = directSlots().get(NAME);
        NDArray copy = manager.create(rows.toFloatArray(), rows.getShape());
        rows.close();
        slot.assign(copy, "init text");
    }

    @Override
    public NDArray vectors() {
        return vectors.getArray();
    }

    @Override
    public int length() {
        return length;
    }
}
