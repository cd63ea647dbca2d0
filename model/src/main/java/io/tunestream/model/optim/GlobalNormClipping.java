package io.tunestream.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Global-norm gradient clipping, as {@code torch.nn.utils.clip_grad_norm_(norm_type=2)}: the L2 norm of
 * all gradients together; when above {@code maxNorm} every gradient is scaled in place by
 * {@code maxNorm / (norm + 1e-6)}. (DJL's {@code optClipGrad} clamps each element instead.)
 */
public final class GlobalNormClipping {

    private static final double EPSILON = 1e-6;

    private GlobalNormClipping() {
    }

    /**
     * Clips gradients in place.
     *
     * @param gradients the gradients (any float type; the norm is accumulated in float32)
     * @param maxNorm the largest total norm allowed
     * @return the total norm before clipping; when it is infinite or NaN nothing is scaled (torch would
     *     multiply every gradient by NaN; the loss scaler skips such a step instead)
     */
    public static double clip(Collection<NDArray> gradients, double maxNorm) {
        double total = totalNorm(gradients);
        double coefficient = maxNorm / (total + EPSILON);
        if (Double.isFinite(total) && coefficient < 1.0) {
            for (NDArray gradient : gradients) {
                gradient.muli((float) coefficient);
            }
        }
        return total;
    }

    /**
     * Clips the gradients of every trainable parameter in the list.
     *
     * @param parameters a block's parameters
     * @param maxNorm the largest total norm allowed
     * @return the total norm before clipping
     */
    public static double clip(ParameterList parameters, double maxNorm) {
        List<NDArray> gradients = gradientsOf(parameters);
        try {
            return clip(gradients, maxNorm);
        } finally {
            gradients.forEach(NDArray::close);
        }
    }

    /**
     * @param gradients the gradients
     * @return the L2 norm of all of them together
     */
    public static double totalNorm(Collection<NDArray> gradients) {
        double sumOfSquares = 0;
        for (NDArray gradient : gradients) {
            try (NDArray asFloat = gradient.toType(DataType.FLOAT32, true);
                    NDArray norm = asFloat.norm()) {
                double value = norm.getFloat();
                sumOfSquares += value * value;
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * The gradient views of the trainable parameters (each shares storage with the real gradient,
     * so in-place changes reach the optimizer); the caller closes the views.
     *
     * @param parameters a block's parameters
     * @return one view per parameter that requires a gradient and has one
     */
    public static List<NDArray> gradientsOf(ParameterList parameters) {
        List<NDArray> gradients = new ArrayList<>();
        for (Pair<String, Parameter> pair : parameters) {
            Parameter parameter = pair.getValue();
            if (parameter.requiresGradient() && parameter.isInitialized() && parameter.getArray().hasGradient()) {
                gradients.add(parameter.getArray().getGradient());
            }
        }
        return gradients;
    }
}
