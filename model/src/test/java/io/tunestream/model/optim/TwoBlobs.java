package io.tunestream.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.Random;

/** Test fixture: two separable Gaussian blobs in 8 dimensions, a two-layer classifier, and its loss. */
final class TwoBlobs {

    static final int FEATURES = 8;
    static final int SAMPLES = 256;

    final float[] features = new float[SAMPLES * FEATURES];
    final float[] oneHot = new float[SAMPLES * 2];
    final int[] labels = new int[SAMPLES];

    TwoBlobs(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < SAMPLES; i++) {
            labels[i] = i % 2;
            oneHot[i * 2 + labels[i]] = 1f;
            for (int f = 0; f < FEATURES; f++) {
                features[i * FEATURES + f] = (float) ((labels[i] == 1 ? 1 : -1) + random.nextGaussian());
            }
        }
    }

    NDArray x(NDManager manager, DataType type) {
        return manager.create(features, new Shape(SAMPLES, FEATURES)).toType(type, false);
    }

    NDArray y(NDManager manager, DataType type) {
        return manager.create(oneHot, new Shape(SAMPLES, 2)).toType(type, false);
    }

    static SequentialBlock classifier() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(32).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(2).build());
    }

    /**
     * Mean cross-entropy from logits and one-hot targets, with no scalar operands (they corrupt
     * gradients in a DJL training graph) and no casts (they cut the graph).
     */
    static NDArray crossEntropy(NDArray logits, NDArray oneHotTargets) {
        return logits.logSoftmax(1).mul(oneHotTargets).sum(new int[] {1}).mean().neg();
    }

    double accuracy(NDArray logits) {
        long[] predicted = logits.toType(DataType.FLOAT32, false).argMax(1).toLongArray();
        int correct = 0;
        for (int i = 0; i < SAMPLES; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) correct / SAMPLES;
    }

    static NDList batch(NDArray x) {
        return new NDList(x);
    }
}
