package io.tunestream.model.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.TinyTokenizers;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.training.TrainingStep;
import io.tunestream.model.weights.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fine-tuning method trains RoBERTa, XLM-RoBERTa and DistilBERT directories; what a directory declares. */
class EncoderFamiliesTest {

    private static final List<String> WORDS = List.of("the", "cat", "sat", "on", "mat", "dog", "runs", "home");
    private static final List<String> TEXTS = List.of("the cat sat on the mat", "the dog runs home", "cat on mat",
            "dog runs", "the cat runs home", "the dog sat on the mat", "cat sat", "home dog");
    private static final long[] LABELS = {1, 0, 1, 0, 1, 0, 1, 0}; // 1: mentions the cat

    static Stream<Arguments> familiesAndMethods() {
        List<Arguments> out = new ArrayList<>();
        Map<String, String> tokenizers = Map.of("roberta", TinyTokenizers.bytePairEncoding(WORDS), "xlm-roberta",
                TinyTokenizers.unigram(WORDS), "distilbert", TinyTokenizers.wordPiece(WORDS));
        tokenizers.forEach((family, tokenizer) -> {
            List<String> targets = "distilbert".equals(family) ? List.of("q_lin", "v_lin") : List.of("query", "value");
            out.add(Arguments.of(family, tokenizer, new MethodConfig.Lora(4, 8, 0.0, targets), 2e-2f));
            out.add(Arguments.of(family, tokenizer, new MethodConfig.Adapter(8, "gelu"), 2e-2f));
            out.add(Arguments.of(family, tokenizer, new MethodConfig.PromptTuning(4, "the cat"), 5e-2f));
            out.add(Arguments.of(family, tokenizer, new MethodConfig.FullFineTuning(false), 5e-3f));
        });
        return out.stream();
    }

    /** One method per family in the default run (a method's hooks are family-independent); all of them in slow. */
    static Stream<Arguments> defaultFamiliesAndMethods() {
        return familiesAndMethods().filter(a -> {
            String family = (String) a.get()[0];
            MethodConfig method = (MethodConfig) a.get()[2];
            return "roberta".equals(family) && method instanceof MethodConfig.Lora
                    || "xlm-roberta".equals(family) && method instanceof MethodConfig.PromptTuning
                    || "distilbert".equals(family) && method instanceof MethodConfig.Adapter;
        });
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("defaultFamiliesAndMethods")
    void shouldLowerTheLossAndKeepTheBaseFrozenWhenTrainingFamilyDirectory(String family, String tokenizer,
            MethodConfig method, float lr, @TempDir Path dir) throws Exception {
        trainAndCheck(family, tokenizer, method, lr, dir);
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("familiesAndMethods")
    void shouldLowerTheLossWithEveryMethodWhenTrainingFamilyDirectory(String family, String tokenizer,
            MethodConfig method, float lr, @TempDir Path dir) throws Exception {
        trainAndCheck(family, tokenizer, method, lr, dir);
    }

    private static void trainAndCheck(String family, String tokenizer, MethodConfig method, float lr, Path dir)
            throws Exception {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given a random directory of the family
            EncoderConfig config = EncoderFamiliesTorchCrossCheckTest.config(family, tokenizer);
            BertEncoder random = new BertEncoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(dir, config.toJson(), random, tokenizer);
            try (PretrainedModel base = PretrainedModels.loadHuggingFace(dir, manager, 16)) {
                TextClassifier classifier = TextClassifier.create(base, method, HeadConfig.classification(2), manager, 3);
                Map<String, float[]> frozen = snapshot(classifier.method().frozenSlots());
                float before = loss(classifier, manager, false);
                Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(lr)).optWeightDecays(0.0f).build();
                // When
                for (int step = 0; step < 8; step++) {
                    TrainingStep.run(manager, classifier.trainableSlots().values(), adamW,
                            m -> classifier.loss(classifier.forward(classifier.encode(TEXTS, m), true), m.create(LABELS)));
                }
                // Then
                float after = loss(classifier, manager, false);
                System.out.printf("%s %s: loss %.4f -> %.4f%n", family, method.name(), before, after);
                assertThat(after).isLessThan(before);
                snapshot(classifier.method().frozenSlots()).forEach((name, values) ->
                        assertThat(values).as(name).isEqualTo(frozen.get(name)));
            }
        }
    }

    @Test
    void shouldRefuseWithConversionHintWhenOnlyPytorchModelBin(@TempDir Path dir) throws Exception {
        // Given a directory as older transformers saved it
        EncoderConfig config = EncoderFamiliesTorchCrossCheckTest.config("roberta", TinyTokenizers.bytePairEncoding(WORDS));
        Files.writeString(dir.resolve("config.json"), config.toJson().toString());
        Files.writeString(dir.resolve("tokenizer.json"), TinyTokenizers.bytePairEncoding(WORDS));
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {0x50, 0x4b, 3, 4});
        // When / Then
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> PretrainedModels.loadHuggingFace(dir, manager))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("has only pytorch_model.bin")
                    .hasMessageContaining("convert it to safetensors")
                    .hasMessageContaining("save_pretrained(dir, safe_serialization=True)");
        }
    }

    @Test
    void shouldPoolAsSentenceTransformersConfigDeclaresWhenPresent(@TempDir Path dir) throws Exception {
        // Given a BGE-style directory: modules.json names 1_Pooling, which sets CLS pooling
        String tokenizer = TinyTokenizers.wordPiece(WORDS);
        EncoderConfig config = EncoderFamiliesTorchCrossCheckTest.config("bert", tokenizer);
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            BertEncoder random = new BertEncoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(dir, config.toJson(), random, tokenizer);
            Files.writeString(dir.resolve("modules.json"), """
                    [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                     {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]""");
            Files.createDirectories(dir.resolve("1_Pooling"));
            Files.writeString(dir.resolve("1_Pooling/config.json"), """
                    {"word_embedding_dimension": 32, "pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}""");
            // When
            try (PretrainedModel withPooling = PretrainedModels.loadHuggingFace(dir, manager)) {
                // Then
                assertThat(withPooling.pooling()).isEqualTo(Pooling.CLS);
            }
            Files.writeString(dir.resolve("1_Pooling/config.json"), """
                    {"pooling_mode_cls_token": false, "pooling_mode_mean_tokens": false, "pooling_mode_max_tokens": true}""");
            assertThatThrownBy(() -> PretrainedModels.loadHuggingFace(dir, manager))
                    .isInstanceOf(ModelLoadException.class).hasMessageContaining("pooling mode other than cls, mean");
        }
    }

    private static float loss(TextClassifier classifier, NDManager manager, boolean training) {
        try (NDManager m = manager.newSubManager()) {
            return classifier.loss(classifier.forward(classifier.encode(TEXTS, m), training), m.create(LABELS)).getFloat();
        }
    }

    private static Map<String, float[]> snapshot(Map<String, TensorSlot> slots) {
        Map<String, float[]> out = new TreeMap<>();
        slots.forEach((name, slot) -> out.put(name, slot.parameter().getArray().toFloatArray()));
        return out;
    }
}
