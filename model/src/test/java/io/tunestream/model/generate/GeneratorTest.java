package io.tunestream.model.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.arch.CausalDecoder;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.peft.MethodConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batched KV-cache generator against the recomputing reference, on a tiny random Llama (4 heads,
 * 2 key/value heads, 24 positions) with a word-level tokenizer; BOS = [CLS], EOS = [SEP].
 */
class GeneratorTest {

    private static final List<String> WORDS = Arrays.asList(
            "the quick brown fox jumps over a lazy dog while cats sleep in warm sun and birds sing".split(" "));
    /** 8, 5 and 2 tokens with BOS: with 24 positions their budgets are 16, 19 and 20 of 20. */
    private static final List<String> PROMPTS = List.of("the quick brown fox jumps over a", "lazy dog while cats", "sun");

    @TempDir
    static Path dir;
    private static NDManager manager;
    private static PretrainedModel base;

    @BeforeAll
    static void writeTinyLlama() throws Exception {
        DjlRuntime.configure();
        manager = NDManager.newBaseManager();
        DecoderConfig config = new DecoderConfig("llama", TinyCheckpoints.vocabSize(WORDS), 32, 2, 4, 2, 64, 24, 1e-6,
                10000.0, false, false, 2, 3);
        LlamaDecoder random = new LlamaDecoder(config);
        random.initializeUnset(manager);
        TinyCheckpoints.write(dir, config.toJson(), random, WORDS);
        base = PretrainedModels.loadHuggingFace(dir, manager, 32);
    }

    @AfterAll
    static void close() {
        base.close();
        manager.close();
    }

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of("greedy", new GenerationSettings(20, 0, 0, 1, 0, false)),
                Arguments.of("greedy, stop at EOS", new GenerationSettings(20, 0, 0, 1, 0, true)),
                Arguments.of("top-k 5, top-p 0.9, T 0.8", new GenerationSettings(20, 0.8, 5, 0.9, 42, false)),
                Arguments.of("T 1.0", new GenerationSettings(20, 1.0, 0, 1, 7, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void shouldGenerateTheSameTokensWithTheCacheAsWithoutWhenPromptsDifferInLength(String name,
            GenerationSettings settings) {
        // Given
        CausalDecoder decoder = (CausalDecoder) base.backbone();
        // When
        List<Generation> cached = new Generator(decoder, base.tokenizer()).generate(PROMPTS, settings, manager);
        List<Generation> reference = Generator.withoutCache(decoder, base.tokenizer()).generate(PROMPTS, settings, manager);
        // Then
        assertSameTokens(cached, reference);
        assertThat(cached).extracting(Generation::promptTokens).containsExactly(8, 5, 2);
        if (!settings.stopAtEos()) {
            // positions run out first for the longer prompts: rows end at different steps
            assertThat(cached).extracting(g -> g.tokenIds().length).containsExactly(16, 19, 20);
        }
    }

    @Test
    void shouldGenerateTheSameTokensWithTheCacheAsWithoutWhenASoftPromptIsTuned() {
        try (NDManager scope = manager.newSubManager()) {
            // Given 3 virtual tokens in front (budgets shrink by 3)
            LlamaDecoder decoder = new LlamaDecoder(((LlamaDecoder) base.backbone()).config());
            decoder.initializeUnset(scope);
            PretrainedModel prompted = new PretrainedModel(decoder, base.tokenizer(), "random");
            CausalLanguageModel lm = CausalLanguageModel.create(prompted, new MethodConfig.PromptTuning(3, null), scope, 5);
            GenerationSettings settings = new GenerationSettings(20, 0.9, 0, 0.95, 11, false);
            // When
            List<Generation> cached = lm.generate(PROMPTS, settings, scope);
            List<Generation> reference = Generator.withoutCache(decoder, base.tokenizer()).generate(PROMPTS, settings, scope);
            // Then
            assertSameTokens(cached, reference);
            assertThat(cached).extracting(g -> g.tokenIds().length).containsExactly(13, 16, 19);
        }
    }

    @Test
    void shouldRepeatTheTextWhenTheSeedRepeatsAndChangeItWhenTheSeedChanges() {
        // Given
        CausalLanguageModel lm = CausalLanguageModel.create(base, new MethodConfig.FullFineTuning(false), manager, 0);
        GenerationSettings seed1 = new GenerationSettings(20, 1.0, 0, 1, 1, false);
        GenerationSettings seed2 = new GenerationSettings(20, 1.0, 0, 1, 2, false);
        // When
        List<Generation> first = lm.generate(PROMPTS, seed1, manager);
        List<Generation> again = lm.generate(PROMPTS, seed1, manager);
        List<Generation> other = lm.generate(PROMPTS, seed2, manager);
        // Then
        assertThat(again).extracting(Generation::text).isEqualTo(first.stream().map(Generation::text).toList());
        assertThat(other.get(2).text()).isNotEqualTo(first.get(2).text());
        assertThat(first.get(2).tokenIds()).hasSize(20);
    }

    @Test
    void shouldDrawEachRowIndependentlyOfTheOtherRowsWhenSampling() {
        // Given
        CausalDecoder decoder = (CausalDecoder) base.backbone();
        GenerationSettings settings = new GenerationSettings(20, 1.0, 0, 1, 3, false);
        Generator generator = new Generator(decoder, base.tokenizer());
        // When the third prompt runs alone at index 2 of another batch
        List<Generation> batch = generator.generate(PROMPTS, settings, manager);
        List<Generation> otherBatch = generator.generate(List.of("a", "birds sing", PROMPTS.get(2)), settings, manager);
        // Then
        assertThat(otherBatch.get(2).tokenIds()).containsExactly(batch.get(2).tokenIds());
    }

    private static void assertSameTokens(List<Generation> cached, List<Generation> reference) {
        assertThat(cached).hasSameSizeAs(reference);
        for (int i = 0; i < cached.size(); i++) {
            System.out.printf("row %d: %s | %s%n", i, cached.get(i).prompt(), cached.get(i).text());
            assertThat(cached.get(i).tokenIds()).as("row %d", i).containsExactly(reference.get(i).tokenIds());
            assertThat(cached.get(i).stoppedAtEos()).isEqualTo(reference.get(i).stoppedAtEos());
            assertThat(cached.get(i).text()).isEqualTo(reference.get(i).text());
        }
    }
}
