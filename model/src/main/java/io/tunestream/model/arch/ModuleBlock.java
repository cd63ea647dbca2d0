package io.tunestream.model.arch;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of every block of this library. Parameters carry their full Hugging Face name
 * ({@code encoder.layer.3.attention.self.query.weight}) as {@link Parameter#getName()} and an
 * expected shape and initializer kept here, so weights are assigned by name after
 * construction (from a checkpoint, or randomly) instead of through DJL's shape inference.
 */
public abstract class ModuleBlock extends AbstractBlock {

    private final Map<String, TensorSlot> slots = new LinkedHashMap<>();

    protected ModuleBlock() {
        super((byte) 1);
    }

    /**
     * Declares a parameter with its full name, shape and random initializer.
     *
     * @param name full Hugging Face name
     * @param shape expected shape
     * @param initializer used when no checkpoint provides the tensor
     * @return the DJL parameter (unset until assigned)
     */
    protected final Parameter declare(String name, Shape shape, Initializer initializer) {
        Parameter parameter = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        addParameter(parameter);
        slots.put(name, new TensorSlot(name, parameter, shape, initializer));
        return parameter;
    }

    /** @return the slots declared directly by this block, by full name */
    public Map<String, TensorSlot> directSlots() {
        return slots;
    }

    /** Adds a child block after construction (PEFT modules attach themselves this way). */
    public final <B extends Block> B attachChild(String name, B block) {
        return addChildBlock(name, block);
    }

    @Override
    public boolean isInitialized() {
        for (Parameter p : getParameters().values()) {
            if (!p.isInitialized()) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // parameters are assigned by name (see ParameterTree), never through shape inference
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException("shape inference is not used by " + getClass().getSimpleName());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is called through its typed API");
    }
}
