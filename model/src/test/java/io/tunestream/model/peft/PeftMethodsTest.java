package io.tunestream.model.peft;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.SpamHamFixture;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.arch.TokenBatch;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.training.TrainingStep;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Done-when for each method on the bundled MiniLM and a small labelled set. */
class PeftMethodsTest {

    private static final int STEPS = 6;
    private static final int MAX_LENGTH = 24;

    static Stream<Arguments> methods() {
        return Stream.of(
                Arguments.of(new MethodConfig.Lora(8, 16, 0.0, List.of("query", "value")), 5e-3f),
                Arguments.of(new MethodConfig.Adapter(32, "gelu"), 5e-3f),
                Arguments.of(new MethodConfig.PromptTuning(8, "classify spam or not"), 3e-2f),
                Arguments.of(new MethodConfig.FullFineTuning(true), 1e-4f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void shouldTrainOnlyTheMethodAndReproduceLogitsWhenSavedAndLoaded(MethodConfig method, float lr,
            @TempDir Path dir) throws Exception {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel base = PretrainedModels.loadBundledMiniLm(manager, MAX_LENGTH)) {
            // Given
            TextClassifier classifier = TextClassifier.create(base, method, HeadConfig.classification(2), manager, 7);
            Map<String, float[]> frozenBefore = snapshot(classifier.method().frozenSlots());
            Map<String, float[]> trainableBefore = snapshot(classifier.trainableSlots());
            float lossBefore = evalLoss(classifier, manager);
            Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(lr)).optWeightDecays(0.0f).build();
            // When
            for (int step = 0; step < STEPS; step++) {
                int parity = step % 2;
                TrainingStep.run(manager, classifier.trainableSlots().values(), adamW, m -> batchLoss(classifier, m, parity));
            }
            float lossAfter = evalLoss(classifier, manager);
            // Then: loss falls, frozen tensors are bit-identical
            System.out.printf("%s: trainable %d of %d, loss %.4f -> %.4f%n", method.name(),
                    classifier.trainableParameterCount(), classifier.totalParameterCount(), lossBefore, lossAfter);
            assertThat(lossAfter).isLessThan(lossBefore);
            Map<String, float[]> frozenAfter = snapshot(classifier.method().frozenSlots());
            assertThat(frozenAfter.keySet()).isEqualTo(frozenBefore.keySet());
            frozenBefore.forEach((name, values) -> assertThat(frozenAfter.get(name)).as(name).isEqualTo(values));
            assertThat(classifier.trainableParameterCount()).isLessThan(classifier.totalParameterCount());
            Map<String, float[]> trainableAfter = snapshot(classifier.trainableSlots());
            trainableBefore.forEach((name, values) -> assertThat(trainableAfter.get(name)).as(name).isNotEqualTo(values));

            // And: the saved method weights reproduce the logits exactly in a fresh model
            float[] logits = logits(classifier, manager);
            Path file = dir.resolve(method.name() + ".safetensors");
            classifier.saveTrainable(file);
            try (NDManager other = NDManager.newBaseManager();
                    PretrainedModel freshBase = PretrainedModels.loadBundledMiniLm(other, MAX_LENGTH)) {
                TextClassifier fresh = TextClassifier.create(freshBase, method, HeadConfig.classification(2), other, 99);
                assertThat(logits(fresh, other)).isNotEqualTo(logits);
                fresh.loadTrainable(file, other);
                assertThat(logits(fresh, other)).isEqualTo(logits);
            }
        }
    }

    /** Half the set (even or odd rows: spam and ham mixed). */
    private static NDArray batchLoss(TextClassifier classifier, NDManager m, int parity) {
        List<String> texts = new java.util.ArrayList<>();
        long[] labels = new long[SpamHamFixture.TEXTS.size() / 2];
        for (int i = parity; i < SpamHamFixture.TEXTS.size(); i += 2) {
            texts.add(SpamHamFixture.TEXTS.get(i));
            labels[i / 2] = SpamHamFixture.LABELS[i];
        }
        TokenBatch batch = classifier.encode(texts, m);
        return classifier.loss(classifier.forward(batch, true), m.create(labels));
    }

    private static float evalLoss(TextClassifier classifier, NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            TokenBatch batch = classifier.encode(SpamHamFixture.TEXTS, m);
            return classifier.loss(classifier.forward(batch, false), m.create(SpamHamFixture.LABELS)).getFloat();
        }
    }

    static float[] logits(TextClassifier classifier, NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            return classifier.forward(classifier.encode(SpamHamFixture.TEXTS, m), false).toFloatArray();
        }
    }

    private static Map<String, float[]> snapshot(Map<String, TensorSlot> slots) {
        Map<String, float[]> out = new LinkedHashMap<>();
        slots.forEach((name, slot) -> out.put(name, slot.parameter().getArray().toFloatArray()));
        return out;
    }
}
