package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import io.tunestream.model.weights.ModelLoadException;

/**
 * A named parameter with the shape the architecture expects and the initializer used when no
 * checkpoint provides it.
 *
 * @param name full Hugging Face name
 * @param parameter the DJL parameter
 * @param shape expected shape
 * @param initializer random initializer
 */
public record TensorSlot(String name, Parameter parameter, Shape shape, Initializer initializer) {

    /**
     * Assigns a value, checking its shape. A set parameter is overwritten in place (so
     * optimizer state and gradients keep pointing at the same tensor); an unset one takes
     * ownership of {@code value}.
     *
     * @param value the tensor (float32)
     * @param source file or tensor name for error messages
     */
    public void assign(NDArray value, String source) {
        if (!value.getShape().equals(shape)) {
            throw new ModelLoadException("shape mismatch for tensor '" + name + "' from " + source
                    + ": expected " + shape + " but found " + value.getShape());
        }
        if (parameter.isInitialized()) {
            NDArray target = parameter.getArray();
            target.set(value.toType(target.getDataType(), false).toByteBuffer());
            value.close();
        } else {
            parameter.setArray(value);
        }
    }

    /** Initialises the parameter randomly when no checkpoint set it. */
    public void initializeIfUnset(NDManager manager, DataType dataType) {
        if (!parameter.isInitialized()) {
            parameter.setArray(initializer.initialize(manager, shape, dataType));
        }
    }

    /** @return whether this parameter is trained */
    public boolean trainable() {
        return parameter.requiresGradient();
    }

    /** Marks the parameter trainable or frozen, on its array too. */
    public void setTrainable(boolean trainable) {
        parameter.freeze(!trainable);
    }
}
