package io.tunestream.model.peft;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.SpamHamFixture;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.training.TrainingStep;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Done-when: LoRA merged and unmerged logits agree to 1e-5. */
class LoraMergeTest {

    @Test
    void shouldGiveSameLogitsWhenLoraIsMergedIntoBaseWeights() {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel base = PretrainedModels.loadBundledMiniLm(manager, 24)) {
            // Given LoRA on query, key, value with non-zero B after two training steps
            MethodConfig.Lora lora = new MethodConfig.Lora(4, 8, 0.0, List.of("query", "key", "value"));
            TextClassifier classifier = TextClassifier.create(base, lora, HeadConfig.classification(2), manager, 3);
            Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
            for (int i = 0; i < 2; i++) {
                TrainingStep.run(manager, classifier.trainableSlots().values(), adamW, m -> classifier.loss(
                        classifier.forward(classifier.encode(SpamHamFixture.TEXTS.subList(0, 8), m), true),
                        m.create(java.util.Arrays.copyOf(SpamHamFixture.LABELS, 8))));
            }
            float[] unmerged = PeftMethodsTest.logits(classifier, manager);
            float[] baseQuery = base.backbone().projections().get("encoder.layer.0.attention.self.query")
                    .getParameters().valueAt(0).getArray().toFloatArray();
            // When
            classifier.method().merge();
            float[] merged = PeftMethodsTest.logits(classifier, manager);
            classifier.method().unmerge();
            float[] restored = PeftMethodsTest.logits(classifier, manager);
            // Then
            assertThat(classifier.method().loraProjections()).hasSize(18);
            assertThat(maxAbsDiff(merged, unmerged)).isLessThanOrEqualTo(1e-5);
            assertThat(maxAbsDiff(restored, unmerged)).isLessThanOrEqualTo(1e-5);
            float[] queryAfter = base.backbone().projections().get("encoder.layer.0.attention.self.query")
                    .getParameters().valueAt(0).getArray().toFloatArray();
            assertThat(maxAbsDiff(queryAfter, baseQuery)).isLessThanOrEqualTo(1e-6);
            System.out.printf("LoRA merged vs unmerged max abs diff %.3g%n", maxAbsDiff(merged, unmerged));
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
