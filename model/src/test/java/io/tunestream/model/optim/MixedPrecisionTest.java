package io.tunestream.model.optim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MixedPrecisionTest {

    @Test
    void shouldKeepExactFp32MastersWhenConvertingToHalf() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given an initialised fp32 block
            SequentialBlock block = TwoBlobs.classifier();
            block.initialize(manager, DataType.FLOAT32, new Shape(4, TwoBlobs.FEATURES));
            float[] before = block.getParameters().get(0).getValue().getArray().toFloatArray();

            // When converted
            try (MixedPrecision mixed = MixedPrecision.toHalf(block.getParameters(), manager, DynamicLossScaler.withTorchDefaults())) {
                Parameter first = block.getParameters().get(0).getValue();

                // Then the parameter is fp16 and its master holds the original fp32 values bit for bit
                assertThat(first.getArray().getDataType()).isEqualTo(DataType.FLOAT16);
                assertThat(first.getArray().hasGradient()).isTrue();
                assertThat(mixed.masterWeights().get(first.getId()).toFloatArray()).containsExactly(before);
                assertThat(mixed.masterWeights()).hasSize(4);
            }
        }
    }

    @Test
    void shouldSkipStepAndBackOffWhenScaledGradientsOverflowFp16() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given an fp16 block, and inputs so large that the scaled gradients overflow fp16
            SequentialBlock block = TwoBlobs.classifier();
            block.initialize(manager, DataType.FLOAT32, new Shape(4, TwoBlobs.FEATURES));
            ParameterGroupAdamW adamW = ParameterGroupAdamW.builder().parameters(block.getParameters())
                    .learningRate(Tracker.fixed(0.1f)).build();
            try (MixedPrecision mixed = MixedPrecision.toHalf(block.getParameters(), manager, new DynamicLossScaler(16384, 2, 0.5, 100))) {
                List<float[]> before = snapshot(block, mixed);
                NDArray x = manager.full(new Shape(4, TwoBlobs.FEATURES), 3000f).toType(DataType.FLOAT16, false);
                NDArray y = manager.create(new float[] {1, 0, 0, 1, 1, 0, 0, 1}, new Shape(4, 2)).toType(DataType.FLOAT16, false);

                // When one step is attempted
                try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    NDArray logits = block.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                    collector.backward(mixed.scaleLoss(TwoBlobs.crossEntropy(logits, y)));
                }
                MixedPrecision.StepOutcome outcome = mixed.step(adamW, 1.0);

                // Then it is skipped, nothing changed (fp16 weights and fp32 masters), the scale halved
                assertThat(outcome.skipped()).isTrue();
                assertThat(Double.isFinite(outcome.gradientNorm())).isFalse();
                assertThat(mixed.scaler().scale()).isEqualTo(8192);
                List<float[]> after = snapshot(block, mixed);
                for (int i = 0; i < before.size(); i++) {
                    assertThat(after.get(i)).containsExactly(before.get(i));
                }
            }
        }
    }

    private static List<float[]> snapshot(SequentialBlock block, MixedPrecision mixed) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            values.add(pair.getValue().getArray().toType(DataType.FLOAT32, false).toFloatArray());
            values.add(mixed.masterWeights().get(pair.getValue().getId()).toFloatArray());
        }
        return values;
    }
}
