package io.tunestream.model.optim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The optimisation pieces together, on a two-layer classifier over separable synthetic data. */
@Timeout(120)
class WholeStackTrainingTest {

    private static final int STEPS = 60;

    @Test
    void shouldLowerLossWhenTrainingFp32ThroughDjlTrainer() {
        // Given a classifier, AdamW with no-decay groups, warm-up + cosine, global-norm clipping
        TwoBlobs data = new TwoBlobs(42);
        SequentialBlock block = TwoBlobs.classifier();
        ParameterGroupAdamW adamW = ParameterGroupAdamW.builder().parameters(block.getParameters())
                .learningRate(LearningRateSchedules.cosine(0.05f, 5, STEPS)).build();
        try (Model model = Model.newInstance("blobs")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(new OneHotCrossEntropy()).optOptimizer(adamW);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(TwoBlobs.SAMPLES, TwoBlobs.FEATURES));
                NDManager manager = trainer.getManager();
                NDArray x = data.x(manager, DataType.FLOAT32);
                NDArray y = data.y(manager, DataType.FLOAT32);

                // When trained for 60 full-batch steps
                float first = 0;
                float last = 0;
                for (int step = 0; step < STEPS; step++) {
                    try (NDManager scope = manager.newSubManager(); GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                        NDArray loss = TwoBlobs.crossEntropy(logits, y);
                        loss.attach(scope);
                        collector.backward(loss);
                        last = loss.getFloat();
                        first = step == 0 ? last : first;
                    }
                    GlobalNormClipping.clip(block.getParameters(), 1.0);
                    trainer.step();
                }

                // Then the loss fell by more than half and the blobs are separated
                assertThat(last).isLessThan(first / 2);
                assertThat(data.accuracy(trainer.evaluate(new NDList(x)).singletonOrThrow())).isGreaterThan(0.95);
            }
        }
    }

    @Test
    void shouldLowerLossWhenTrainingInFp16WithMasterWeightsAndLossScaling() {
        // Given the same classifier turned to fp16 with fp32 masters and a dynamic loss scaler
        TwoBlobs data = new TwoBlobs(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = TwoBlobs.classifier();
            block.initialize(manager, DataType.FLOAT32, new Shape(TwoBlobs.SAMPLES, TwoBlobs.FEATURES));
            ParameterGroupAdamW adamW = ParameterGroupAdamW.builder().parameters(block.getParameters())
                    .learningRate(LearningRateSchedules.linear(0.05f, 5, STEPS)).build();
            try (MixedPrecision mixed = MixedPrecision.toHalf(block.getParameters(), manager,
                    new DynamicLossScaler(1024, 2, 0.5, 10, DynamicLossScaler.FP16_MAX_SCALE))) {
                ParameterStore store = new ParameterStore(manager, false);
                NDArray x = data.x(manager, DataType.FLOAT16);
                NDArray y = data.y(manager, DataType.FLOAT16);

                // When trained for 60 steps
                float first = 0;
                float last = 0;
                int skipped = 0;
                for (int step = 0; step < STEPS; step++) {
                    try (NDManager scope = manager.newSubManager()) {
                        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                            NDArray logits = block.forward(store, new NDList(x), true).singletonOrThrow();
                            NDArray loss = TwoBlobs.crossEntropy(logits, y);
                            NDArray scaled = mixed.scaleLoss(loss);
                            scaled.attach(scope);
                            loss.attach(scope);
                            collector.backward(scaled);
                            last = loss.toType(DataType.FLOAT32, false).getFloat();
                            first = step == 0 ? last : first;
                        }
                        skipped += mixed.step(adamW, 1.0).skipped() ? 1 : 0;
                    }
                }

                // Then parameters stayed fp16, the loss fell by more than half, and scaling grew
                assertThat(block.getParameters().get(0).getValue().getArray().getDataType()).isEqualTo(DataType.FLOAT16);
                assertThat(last).isLessThan(first / 2);
                assertThat(skipped).isLessThan(STEPS / 4);
                assertThat(mixed.scaler().scale()).isGreaterThan(1024).isLessThanOrEqualTo(DynamicLossScaler.FP16_MAX_SCALE);
                assertThat(data.accuracy(block.forward(store, new NDList(x), false).singletonOrThrow())).isGreaterThan(0.95);
            }
        }
    }

    /** The trainer wants a Loss object; the real loss is computed in the test body. */
    private static final class OneHotCrossEntropy extends Loss {
        OneHotCrossEntropy() {
            super("OneHotCrossEntropy");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return TwoBlobs.crossEntropy(predictions.singletonOrThrow(), labels.singletonOrThrow());
        }
    }
}
