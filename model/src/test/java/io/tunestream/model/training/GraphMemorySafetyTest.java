package io.tunestream.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.SpamHamFixture;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.arch.TokenBatch;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.testsupport.FreedJavaMemory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Back-propagation reads only memory libtorch owns. An array DJL makes from Java values lives in a direct buffer that
 * the garbage collector frees once the array is closed; if the autograd graph saved such an array (DJL's scalar
 * overloads do, and each layer closes its own manager when it returns: {@code Ops.scoped}), backward would read freed
 * memory. Here, between forward and backward, the collector frees every unreachable buffer and new buffers are filled
 * with junk; the gradients must be those of the same step without that, bit for bit.
 */
class GraphMemorySafetyTest {

    private static final int MAX_LENGTH = 24;

    @BeforeAll
    static void offline() {
        DjlRuntime.configure();
    }

    static Stream<Arguments> methods() {
        return Stream.of(
                Arguments.of(new MethodConfig.Lora(8, 16, 0.0, List.of("query", "value"))),
                Arguments.of(new MethodConfig.Adapter(32, "gelu")),
                Arguments.of(new MethodConfig.PromptTuning(8, "classify spam or not")),
                Arguments.of(new MethodConfig.FullFineTuning(false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void shouldBackPropagateTheSameGradientsWhenFreedJavaMemoryIsReusedBeforeBackward(MethodConfig method) {
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel base = PretrainedModels.loadBundledMiniLm(manager, MAX_LENGTH)) {
            // Given MiniLM with the method and a classification head, and one batch
            TextClassifier classifier = TextClassifier.create(base, method, HeadConfig.classification(2), manager, 7);
            Function<NDManager, NDArray> loss = m -> {
                TokenBatch batch = classifier.encode(SpamHamFixture.TEXTS, m);
                return classifier.loss(classifier.forward(batch, false), m.create(SpamHamFixture.LABELS));
            };
            Collection<TensorSlot> trainable = classifier.trainableSlots().values();

            // When the same step runs plainly, then with freed Java memory reused between forward and backward
            Map<String, float[]> plain = gradients(manager, trainable, loss, false);
            Map<String, float[]> scrambled = gradients(manager, trainable, loss, true);

            // Then the gradients are the same, and not trivially (some are not zero)
            assertSame(plain, scrambled);
        }
    }

    @Test
    void shouldBackPropagateTheSameGradientsThroughADecoderWhenFreedJavaMemoryIsReusedBeforeBackward(@TempDir Path dir)
            throws Exception {
        List<String> words = Arrays.asList("the quick brown fox jumps over the lazy dog".split(" "));
        DecoderConfig config = new DecoderConfig("llama", TinyCheckpoints.vocabSize(words), 32, 2, 4, 2, 64, 64, 1e-6,
                10000.0, false, false);
        try (NDManager manager = NDManager.newBaseManager()) {
            LlamaDecoder random = new LlamaDecoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(dir, config.toJson(), random, words);
            try (PretrainedModel base = PretrainedModels.loadHuggingFace(dir, manager, 32)) {
                // Given a tiny LLaMA-layout decoder, fully trainable, and a causal-LM loss with a prompt
                CausalLanguageModel lm = CausalLanguageModel.create(base, new MethodConfig.FullFineTuning(false),
                        manager, 1);
                Function<NDManager, NDArray> loss = m -> {
                    TokenBatch batch = base.tokenizer().encode(List.of(String.join(" ", words), "the lazy fox"), m);
                    return lm.loss(lm.forward(batch, false), batch, new int[] {2, 1});
                };

                // When / Then
                assertSame(gradients(manager, lm.trainableSlots().values(), loss, false),
                        gradients(manager, lm.trainableSlots().values(), loss, true));
            }
        }
    }

    private static void assertSame(Map<String, float[]> plain, Map<String, float[]> scrambled) {
        assertThat(scrambled).containsOnlyKeys(plain.keySet());
        // compared element by element and reported in a line (a message listing millions of floats fills the heap)
        plain.forEach((name, values) -> {
            float[] other = scrambled.get(name);
            int differing = 0;
            double largest = 0;
            for (int i = 0; i < values.length; i++) {
                if (Float.floatToIntBits(values[i]) != Float.floatToIntBits(other[i])) {
                    differing++;
                    largest = Math.max(largest, Math.abs((double) values[i] - other[i]));
                }
            }
            assertThat(differing).as("%s: elements of %d that differ (largest difference %s)", name, values.length,
                    largest).isZero();
        });
        assertThat(plain.values().stream().anyMatch(values -> {
            for (float v : values) {
                if (v != 0f) {
                    return true;
                }
            }
            return false;
        })).as("some gradient is not zero").isTrue();
    }

    /** One forward and backward; returns each trainable tensor's gradient and zeroes it. */
    private static Map<String, float[]> gradients(NDManager manager, Collection<TensorSlot> trainable,
            Function<NDManager, NDArray> loss, boolean scramble) {
        List<ByteBuffer> junk = List.of();
        try (NDManager step = manager.newSubManager();
                GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray value = loss.apply(step);
            if (scramble) {
                junk = FreedJavaMemory.freeAndScribble();
            }
            collector.backward(value);
        }
        Map<String, float[]> out = new TreeMap<>();
        for (TensorSlot slot : trainable) {
            try (NDArray gradient = slot.parameter().getArray().getGradient()) {
                out.put(slot.name(), gradient.toFloatArray());
                gradient.subi(gradient);
            }
        }
        java.lang.ref.Reference.reachabilityFence(junk); // the junk stays in place through backward and the reads
        return out;
    }
}
