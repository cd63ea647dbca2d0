package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/** Sentence pooling over a backbone's hidden states (soft-prompt positions are skipped). */
public enum Pooling {
    /** mean of the token vectors under the attention mask (sentence-transformers' default) */
    MEAN,
    /** the first token ([CLS]) */
    CLS,
    /** the last non-padding token (decoders) */
    LAST;

    /**
     * @param states backbone output
     * @return pooled vectors [B, H]
     */
    public NDArray apply(HiddenStates states) {
        int p = states.prefixLength();
        NDArray hidden = p == 0 ? states.hidden() : states.hidden().get(new NDIndex(":, {}:", p));
        NDArray mask = p == 0 ? states.attentionMask() : states.attentionMask().get(new NDIndex(":, {}:", p));
        switch (this) {
            case CLS:
                return hidden.get(new NDIndex(":, 0, :"));
            case LAST:
                return last(hidden, mask);
            default:
                NDArray m = mask.toType(hidden.getDataType(), false).expandDims(-1);
                NDArray summed = hidden.mul(m).sum(new int[] {1});
                NDArray counts = m.sum(new int[] {1}).maximum(Ops.scalar(m, 1e-9));
                return summed.div(counts);
        }
    }

    private static NDArray last(NDArray hidden, NDArray mask) {
        // index of the last 1 in each mask row = (number of ones) - 1, for right padding
        NDArray lastIndex = mask.toType(DataType.INT64, false).sum(new int[] {1})
                .sub(Ops.scalar(mask.toType(DataType.INT64, false), 1));
        long h = hidden.getShape().get(2);
        NDArray index = lastIndex.reshape(-1, 1, 1).repeat(2, h);
        return hidden.gather(index, 1).squeeze(1);
    }
}
