package io.tunestream.model.optim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoDecayRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"encoder.layer.0.attention.self.query.bias", "embeddings.LayerNorm.weight",
        "encoder.layer.5.output.LayerNorm.bias", "model.layers.3.input_layernorm.weight",
        "model.layers.3.post_attention_layernorm.weight", "model.norm.weight", "02LayerNorm_gamma",
        "02LayerNorm_beta", "01Linear_bias", "transformer.ln_f.weight"})
    void shouldExemptParameterWhenItIsBiasOrNormalisation(String name) {
        assertThat(NoDecayRule.DEFAULT.test(name)).as(name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"encoder.layer.0.attention.self.query.weight", "embeddings.word_embeddings.weight",
        "model.layers.3.mlp.gate_proj.weight", "01Linear_weight", "lm_head.weight",
        "encoder.layer.0.attention.self.query.lora_A.weight", "prompt.embedding"})
    void shouldDecayParameterWhenItIsAnOrdinaryWeight(String name) {
        assertThat(NoDecayRule.DEFAULT.test(name)).as(name).isFalse();
    }
}
