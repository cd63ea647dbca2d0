package io.tunestream.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.generate.Generation;
import io.tunestream.model.generate.GenerationSettings;
import io.tunestream.model.peft.MethodConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The causal-LM API: BOS/EOS framing, prompt masking, per-example scores and generation. */
class CausalLanguageModelTest {

    private static final List<String> WORDS = Arrays.asList("reverse abc cba xyz zyx : the a b c".split(" "));

    @Test
    void shouldMaskPromptAndPaddingAndScoreLikeTheLoss(@TempDir Path dir) throws Exception {
        DjlRuntime.configure();
        // Given a tiny Llama whose config names BOS = [CLS] (2) and EOS = [SEP] (3)
        DecoderConfig config = new DecoderConfig("llama", TinyCheckpoints.vocabSize(WORDS), 32, 2, 4, 2, 64, 64, 1e-6,
                10000.0, false, false, 2, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            LlamaDecoder random = new LlamaDecoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(dir, config.toJson(), random, WORDS);
            try (PretrainedModel base = PretrainedModels.loadHuggingFace(dir, manager, 32)) {
                CausalLanguageModel lm = CausalLanguageModel.create(base, new MethodConfig.Lora(4, 8, 0, List.of("q_proj",
                        "v_proj")), manager, 1);
                List<LmExample> examples = List.of(new LmExample("reverse abc", "cba"), LmExample.text("the a b c"));
                try (NDManager step = manager.newSubManager()) {
                    // When
                    LmBatch batch = lm.encode(examples, step);
                    TokenScores scores = lm.score(batch);
                    float loss = lm.loss(batch, false).getFloat();
                    // Then: [BOS] reverse abc | cba [EOS] and [BOS] | the a b c [EOS], right-padded
                    assertThat(batch.promptTokens()).containsExactly(3, 1);
                    assertThat(batch.lengths()).containsExactly(5, 6);
                    assertThat(batch.tokens().inputIds().toLongArray()).containsExactly(2, 4, 5, 6, 3, 3, 2, 10, 11, 12, 13, 3);
                    assertThat(batch.tokens().attentionMask().toLongArray()).containsExactly(1, 1, 1, 1, 1, 0,
                            1, 1, 1, 1, 1, 1);
                    assertThat(scores.tokens()).containsExactly(2, 5);
                    double mean = (scores.lossSum()[0] + scores.lossSum()[1]) / 7;
                    assertThat(mean).isCloseTo(loss, org.assertj.core.data.Offset.offset(1e-4));
                    assertThat(scores.correct()[0]).isBetween(0, 2);
                }
                try (NDManager step = manager.newSubManager()) {
                    // When generating greedily twice, and sampling twice with one seed
                    List<Generation> greedy = lm.generate(List.of("reverse abc", "the"), GenerationSettings.greedy(4), step);
                    List<Generation> again = lm.generate(List.of("reverse abc", "the"), GenerationSettings.greedy(4), step);
                    GenerationSettings sampling = new GenerationSettings(4, 0.8, 5, 0.9, 42, false);
                    List<Generation> s1 = lm.generate(List.of("the"), sampling, step);
                    List<Generation> s2 = lm.generate(List.of("the"), sampling, step);
                    // Then
                    assertThat(greedy).hasSize(2);
                    assertThat(greedy.get(0).promptTokens()).isEqualTo(3);
                    assertThat(greedy.get(0).tokenIds()).isEqualTo(again.get(0).tokenIds());
                    assertThat(greedy.get(0).tokenIds().length).isBetween(1, 4);
                    assertThat(s1.get(0).tokenIds()).hasSize(4).isEqualTo(s2.get(0).tokenIds());
                }
            }
        }
    }
}
