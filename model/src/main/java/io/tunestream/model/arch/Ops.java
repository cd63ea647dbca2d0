package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;

/**
 * Small tensor helpers. Scalars are materialised as 0-d arrays in the operand's own manager:
 * DJL's scalar overloads ({@code x.mul(3f)}) were seen to corrupt gradients in training
 * graphs, and a constant in the batch manager is freed with the batch.
 */
public final class Ops {

    private Ops() {}

    /**
     * @param like array whose manager, device and dtype the constant takes
     * @param value the value
     * @return a 0-d constant
     */
    public static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType())
                .toDevice(like.getDevice(), false);
    }

    /** @return {@code x * value} without a scalar op */
    public static NDArray mul(NDArray x, double value) {
        return x.mul(scalar(x, value));
    }

    /** @return {@code x + value} without a scalar op */
    public static NDArray add(NDArray x, double value) {
        return x.add(scalar(x, value));
    }

    /**
     * Additive attention mask from a 0/1 mask [B, L]: 0 where attended, a large negative value
     * where padded, shaped [B, 1, 1, L] to broadcast over heads and query positions.
     *
     * @param mask 0/1 attention mask (any numeric dtype)
     * @param dtype the dtype of attention scores
     * @return the additive mask
     */
    public static NDArray additivePaddingMask(NDArray mask, DataType dtype) {
        NDArray m = mask.toType(dtype, false);
        NDArray inverted = scalar(m, 1.0).sub(m);
        long[] s = mask.getShape().getShape();
        return inverted.mul(scalar(m, lowest(dtype))).reshape(s[0], 1, 1, s[1]);
    }

    /**
     * Runs one block of the forward pass in a manager of its own and keeps only its output: the Java handles of
     * the block's intermediate tensors are released when it returns. libtorch counts references, so the autograd
     * graph keeps what backward needs and the rest (masks, copies, pre-activation values no gradient uses) is
     * freed at once, rather than when the whole step's manager closes.
     *
     * @param input the block's input (its results are created in the input's manager, so in the scope)
     * @param block the block's forward
     * @return the block's output, in the input's manager
     */
    public static NDArray scoped(NDArray input, UnaryOperator<NDArray> block) {
        NDManager owner = input.getManager();
        try (NDManager scope = owner.newSubManager()) {
            input.tempAttach(scope);
            NDArray output = block.apply(input);
            if (output == input) {
                return output;
            }
            output.attach(owner);
            return output;
        }
    }

    /** The most negative finite value of a float dtype (as torch.finfo(dtype).min). */
    static double lowest(DataType dtype) {
        return dtype == DataType.FLOAT16 ? -65504.0 : -3.0e38;
    }
}
