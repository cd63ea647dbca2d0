package io.tunestream.model.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import io.tunestream.model.arch.ModuleBlock;
import io.tunestream.model.arch.SublayerHook;

/**
 * Houlsby bottleneck adapter: {@code x + up(act(down(x)))}. The up-projection starts at zero so
 * the adapted model starts equal to the base (near-identity initialisation). Names: {@code
 * <prefix>.down.weight/bias}, {@code <prefix>.up.weight/bias}.
 */
public class BottleneckAdapter extends ModuleBlock implements SublayerHook {

    private final Parameter downWeight;
    private final Parameter downBias;
    private final Parameter upWeight;
    private final Parameter upBias;
    private final boolean relu;

    /**
     * @param prefix tensor name prefix, e.g. {@code encoder.layer.0.attention.adapter}
     * @param hiddenSize sub-layer width
     * @param bottleneck down-projection width
     * @param activation relu or gelu
     */
    public BottleneckAdapter(String prefix, int hiddenSize, int bottleneck, String activation) {
        this.relu = "relu".equalsIgnoreCase(activation);
        downWeight = declare(prefix + ".down.weight", new Shape(bottleneck, hiddenSize), new NormalInitializer(0.01f));
        downBias = declare(prefix + ".down.bias", new Shape(bottleneck), Initializer.ZEROS);
        upWeight = declare(prefix + ".up.weight", new Shape(hiddenSize, bottleneck), Initializer.ZEROS);
        upBias = declare(prefix + ".up.bias", new Shape(hiddenSize), Initializer.ZEROS);
    }

    @Override
    public NDArray apply(NDArray x, boolean training) {
        NDArray down = Linear.linear(x, downWeight.getArray(), downBias.getArray()).singletonOrThrow();
        NDArray activated = relu ? Activation.relu(down) : Activation.gelu(down);
        return x.add(Linear.linear(activated, upWeight.getArray(), upBias.getArray()).singletonOrThrow());
    }
}
