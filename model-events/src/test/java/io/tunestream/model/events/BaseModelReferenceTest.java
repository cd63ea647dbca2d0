package io.tunestream.model.events;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.arch.Pooling;
import org.junit.jupiter.api.Test;

/** Bundled base models resolve by reference, with their own resources' hashes; unknown ones are refused by name. */
class BaseModelReferenceTest {

    private final BaseModelReference references = new BaseModelReference();

    @Test
    void shouldLoadTheBundledChineseModelWhenNamed() {
        // Given / When
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel model = references.load(BaseModelReference.BUNDLED_BGE_ZH, manager, 32)) {
            // Then
            assertThat(references.problem(BaseModelReference.BUNDLED_BGE_ZH)).isEmpty();
            assertThat(model.pooling()).isEqualTo(Pooling.CLS);
            assertThat(model.tokenizer().ids("明月")).hasSize(2);
            assertThat(model.backbone().vocabSize()).isEqualTo(21128);
        }
    }

    @Test
    void shouldHashEachBundledModelsOwnFilesAndRefuseUnknownBundledNames() {
        // When
        String minilm = references.weightsSha256(BaseModelReference.BUNDLED_MINILM);
        String bge = references.weightsSha256(BaseModelReference.BUNDLED_BGE_ZH);
        // Then
        assertThat(minilm).hasSize(64).isNotEqualTo(bge);
        assertThat(bge).hasSize(64);
        assertThat(references.tokenizerSha256(BaseModelReference.BUNDLED_BGE_ZH)).hasSize(64)
                .isNotEqualTo(references.tokenizerSha256(BaseModelReference.BUNDLED_MINILM));
        assertThat(references.problem("bundled:bge-base-zh")).hasValueSatisfying(p -> assertThat(p)
                .contains("is not a bundled model (bundled:all-minilm-l6-v2, bundled:bge-small-zh-v1.5)"));
    }
}
