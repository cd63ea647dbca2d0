package io.tunestream.model.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.tunestream.model.arch.Ops;

/**
 * Loss functions written with array constants (no scalar ops in the training graph), with
 * PyTorch's reduction semantics.
 */
public final class Losses {

    private Losses() {}

    /**
     * Cross-entropy, mean over the batch; with class weights, {@code sum(w[y] * nll) / sum(w[y])}
     * as {@code torch.nn.CrossEntropyLoss(weight=...)}.
     *
     * @param logits [B, C]
     * @param labels class indices [B] (int64)
     * @param classWeights per-class weights, or null
     * @return scalar loss
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels, float[] classWeights) {
        NDArray logProbs = logits.logSoftmax(-1);
        NDArray index = labels.toType(DataType.INT64, false).reshape(-1, 1);
        NDArray nll = logProbs.gather(index, 1).reshape(-1).neg();
        if (classWeights == null) {
            return nll.mean();
        }
        NDArray weights = labels.getManager().create(classWeights).toDevice(logits.getDevice(), false);
        NDArray perExample = weights.take(index.reshape(-1)).toType(nll.getDataType(), false);
        return nll.mul(perExample).sum().div(perExample.sum());
    }

    /**
     * Mean squared error.
     *
     * @param predictions [B] or [B, 1]
     * @param targets [B]
     * @return scalar loss
     */
    public static NDArray meanSquaredError(NDArray predictions, NDArray targets) {
        NDArray diff = predictions.reshape(-1).sub(targets.toType(predictions.getDataType(), false).reshape(-1));
        return diff.square().mean();
    }

    /**
     * Next-token loss: position t predicts token t+1; only targets with {@code lossMask = 1}
     * count (padding and prompt tokens are 0).
     *
     * @param logits [B, L, V]
     * @param inputIds [B, L]
     * @param lossMask [B, L], 1 where the token is a target
     * @return scalar mean loss over counted targets
     */
    public static NDArray causalLm(NDArray logits, NDArray inputIds, NDArray lossMask) {
        long length = logits.getShape().get(1);
        NDArray predictions = logits.get(new NDIndex(":, :{}, :", length - 1)).logSoftmax(-1);
        NDArray targets = inputIds.get(new NDIndex(":, 1:")).toType(DataType.INT64, false);
        NDArray mask = lossMask.get(new NDIndex(":, 1:")).toType(predictions.getDataType(), false);
        NDArray nll = predictions.gather(targets.expandDims(-1), 2).squeeze(-1).neg();
        NDArray counted = mask.sum().maximum(Ops.scalar(mask, 1.0));
        return nll.mul(mask).sum().div(counted);
    }
}
