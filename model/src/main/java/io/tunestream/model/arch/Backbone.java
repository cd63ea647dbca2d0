package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Transformer body (encoder or decoder) producing hidden states from a {@link TokenBatch}.
 * Parameters are addressed by their Hugging Face names; projections, layers and the input
 * embedding are exposed so PEFT methods can attach to them.
 */
public abstract class Backbone extends ModuleBlock {

    private SoftPromptSource softPrompt;

    /**
     * @param batch token ids, mask and types
     * @param training whether dropout is active
     * @return last hidden state with its (possibly prompt-extended) mask
     */
    public abstract HiddenStates forward(TokenBatch batch, boolean training);

    /** @return hidden width */
    public abstract int hiddenSize();

    /** @return rows of the word-embedding matrix */
    public abstract int vocabSize();

    /** @return HF {@code model_type} */
    public abstract String modelType();

    /** @return the word-embedding matrix [V, H] */
    public abstract NDArray wordEmbeddings();

    /** @return the layers, in order */
    public abstract List<? extends AdaptableLayer> layers();

    /** @return every parameter slot by HF name */
    public Map<String, TensorSlot> slots() {
        return ParameterTree.slots(this);
    }

    /** @return every projection by module path */
    public Map<String, Projection> projections() {
        Map<String, Projection> out = new LinkedHashMap<>();
        collectProjections(this, out);
        return out;
    }

    private static void collectProjections(Block block, Map<String, Projection> out) {
        if (block instanceof Projection p) {
            out.put(p.path(), p);
        }
        for (Block child : block.getChildren().values()) {
            collectProjections(child, out);
        }
    }

    /** Randomly initialises every parameter no checkpoint has set. */
    public void initializeUnset(NDManager manager) {
        slots().values().forEach(s -> s.initializeIfUnset(manager, DataType.FLOAT32));
    }

    /** Freezes or unfreezes every parameter of the body. */
    public void setTrainable(boolean trainable) {
        slots().values().forEach(s -> s.setTrainable(trainable));
    }

    /** Sets soft-prompt vectors to prepend to the input embeddings (null removes them). */
    public void setSoftPrompt(SoftPromptSource prompt) {
        if (prompt instanceof Block block && softPrompt == null) {
            attachChild("soft_prompt", block);
        }
        this.softPrompt = prompt;
    }

    /** @return the soft prompt, or null */
    public SoftPromptSource softPrompt() {
        return softPrompt;
    }

    /**
     * Prepends the soft prompt (if any) to embeddings [B, L, H] and extends the mask.
     *
     * @return embeddings, mask and prefix length
     */
    protected HiddenStates prependSoftPrompt(NDArray embeddings, NDArray mask) {
        if (softPrompt == null) {
            return new HiddenStates(embeddings, mask, 0);
        }
        NDManager batch = embeddings.getManager();
        long b = embeddings.getShape().get(0);
        int p = softPrompt.length();
        // zeros from the batch manager first, so the result (and its graph) is freed with the batch
        NDArray prompt = batch.zeros(new Shape(b, p, hiddenSize()), embeddings.getDataType())
                .toDevice(embeddings.getDevice(), false)
                .add(softPrompt.vectors().toType(embeddings.getDataType(), false));
        NDArray ones = batch.ones(new Shape(b, p), mask.getDataType()).toDevice(mask.getDevice(), false);
        return new HiddenStates(prompt.concat(embeddings, 1), ones.concat(mask, 1), p);
    }
}
