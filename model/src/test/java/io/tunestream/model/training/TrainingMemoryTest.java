package io.tunestream.model.training;

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
import io.tunestream.model.peft.MethodConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Done-when: no native memory growth over 500 training steps (RSS flat within 5% after warm-up). */
@Tag("slow")
class TrainingMemoryTest {

    private static final int STEPS = 500;
    private static final int WARM_UP = 50;

    @Test
    void shouldKeepRssFlatWhenTrainingLoraFor500Steps() throws IOException {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel base = PretrainedModels.loadBundledMiniLm(manager, 32)) {
            // Given
            TextClassifier classifier = TextClassifier.create(base, MethodConfig.Lora.defaults(),
                    HeadConfig.classification(2), manager, 5);
            Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-4f)).build();
            List<Long> samples = new ArrayList<>();
            long warm = 0;
            // When
            for (int step = 0; step < STEPS; step++) {
                int offset = (step * 8) % 32;
                List<String> texts = SpamHamFixture.TEXTS.subList(offset, offset + 8);
                long[] labels = Arrays.copyOfRange(SpamHamFixture.LABELS, offset, offset + 8);
                TrainingStep.run(manager, classifier.trainableSlots().values(), adamW,
                        m -> classifier.loss(classifier.forward(classifier.encode(texts, m), true), m.create(labels)));
                if (step + 1 == WARM_UP) {
                    warm = rssKb();
                } else if (step + 1 > WARM_UP && (step + 1) % 25 == 0) {
                    samples.add(rssKb());
                }
            }
            // Then
            long max = samples.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf("RSS after %d warm-up steps %d MB; over steps %d..%d min %d MB, max %d MB (%+.2f%%)%n",
                    WARM_UP, warm / 1024, WARM_UP, STEPS, samples.stream().mapToLong(Long::longValue).min().orElseThrow() / 1024,
                    max / 1024, 100.0 * (max - warm) / warm);
            assertThat((double) max).isLessThanOrEqualTo(warm * 1.05);
        }
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
