package io.tunestream.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.SpamHamFixture;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.optim.DynamicLossScaler;
import io.tunestream.model.optim.LearningRateSchedules;
import io.tunestream.model.optim.MixedPrecision;
import io.tunestream.model.optim.ParameterGroupAdamW;
import io.tunestream.model.peft.MethodConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model with the project's optimisation pieces: parameter-group AdamW, clipping, fp16 + loss scaling. */
class MiniLmOptimizationTest {

    private static final List<String> TEXTS = SpamHamFixture.TEXTS.subList(12, 20);
    private static final long[] LABELS = java.util.Arrays.copyOfRange(SpamHamFixture.LABELS, 12, 20);

    @Test
    void shouldLowerLossWhenLoraTrainsWithParameterGroupAdamWAndClipping() {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel base = PretrainedModels.loadBundledMiniLm(manager, 24)) {
            // Given
            TextClassifier clf = TextClassifier.create(base, MethodConfig.Lora.defaults(), HeadConfig.classification(2), manager, 1);
            ParameterGroupAdamW adamW = ParameterGroupAdamW.builder().parameters(clf.trainableParameters())
                    .learningRate(LearningRateSchedules.cosine(5e-3f, 1, 8)).build();
            float first = 0;
            float last = 0;
            // When
            for (int step = 0; step < 8; step++) {
                float loss = TrainingStep.run(manager, clf.trainableSlots().values(), adamW,
                        m -> clf.loss(clf.forward(clf.encode(TEXTS, m), true), m.create(LABELS)), 1.0);
                first = step == 0 ? loss : first;
                last = loss;
            }
            // Then
            assertThat(adamW.decays(clf.trainableSlots().get("classifier.weight").parameter().getId())).isTrue();
            assertThat(adamW.decays(clf.trainableSlots().get("classifier.bias").parameter().getId())).isFalse();
            assertThat(last).isLessThan(first);
        }
    }

    @Test
    void shouldTrainInFp16WhenMixedPrecisionWrapsTheModel() {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel base = PretrainedModels.loadBundledMiniLm(manager, 16)) {
            // Given every array fp16, fp32 masters for the trainable ones
            TextClassifier clf = TextClassifier.create(base, MethodConfig.Lora.defaults(), HeadConfig.classification(2), manager, 1);
            ParameterGroupAdamW adamW = ParameterGroupAdamW.builder().parameters(clf.trainableParameters())
                    .learningRate(LearningRateSchedules.constant(5e-3f, 0)).build();
            try (MixedPrecision mixed = MixedPrecision.toHalf(clf.allParameters(), manager,
                    DynamicLossScaler.forHalfPrecisionLoss())) {
                float first = 0;
                float last = 0;
                // When
                for (int step = 0; step < 6; step++) {
                    try (NDManager scope = manager.newSubManager()) {
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            NDArray loss = clf.loss(clf.forward(clf.encode(TEXTS, scope), true), scope.create(LABELS));
                            collector.backward(mixed.scaleLoss(loss));
                            last = loss.toType(DataType.FLOAT32, false).getFloat();
                            first = step == 0 ? last : first;
                        }
                        mixed.step(adamW, 1.0);
                    }
                }
                // Then
                assertThat(clf.trainableSlots().get("classifier.weight").parameter().getArray().getDataType())
                        .isEqualTo(DataType.FLOAT16);
                assertThat(Float.isFinite(last)).isTrue();
                assertThat(last).isLessThan(first);
            }
        }
    }
}
