package io.tunestream.model.head;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;
import io.tunestream.model.arch.HiddenStates;
import io.tunestream.model.arch.ModuleBlock;
import io.tunestream.model.arch.Pooling;
import io.tunestream.model.arch.Projection;

/**
 * Pooling, dropout and a linear layer {@code classifier} [outputs, H]: logits for
 * classification (outputs = classes) or a value for regression (outputs = 1).
 */
public class SequenceHead extends ModuleBlock {

    private final Pooling pooling;
    private final float dropout;
    private final Projection classifier;

    /**
     * @param hiddenSize backbone width
     * @param outputs number of classes, or 1 for regression
     * @param pooling how token vectors become one sentence vector
     * @param dropout dropout before the classifier in training
     */
    public SequenceHead(int hiddenSize, int outputs, Pooling pooling, double dropout) {
        this.pooling = pooling;
        this.dropout = (float) dropout;
        this.classifier = addChildBlock("classifier", new Projection("classifier", hiddenSize, outputs, true));
    }

    /**
     * @param states backbone output
     * @param training whether dropout is active
     * @return [B, outputs]
     */
    public NDArray apply(HiddenStates states, boolean training) {
        NDArray pooled = pooling.apply(states);
        if (training && dropout > 0) {
            pooled = Dropout.dropout(pooled, dropout, true).singletonOrThrow();
        }
        return classifier.apply(pooled, training);
    }

    /** @return the pooling */
    public Pooling pooling() {
        return pooling;
    }
}
