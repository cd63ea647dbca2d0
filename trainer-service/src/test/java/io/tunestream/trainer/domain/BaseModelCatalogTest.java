package io.tunestream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.model.events.ModelRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base-model listing: the bundled encoders from the classpath, and each directory under a root with its state. */
class BaseModelCatalogTest {

    @Test
    void shouldListBundledModelsAndSayWhyADirectoryCannotBeUsed(@TempDir Path root) throws Exception {
        // Given a root with a pickle-only DistilBERT, a T5 and an empty folder
        Path distil = Files.createDirectories(root.resolve("a-distilbert"));
        Files.writeString(distil.resolve("config.json"), """
                {"model_type": "distilbert", "vocab_size": 8, "dim": 8, "n_layers": 1, "n_heads": 2, "hidden_dim": 16,
                 "max_position_embeddings": 8}""");
        Files.write(distil.resolve("pytorch_model.bin"), new byte[] {1});
        Path t5 = Files.createDirectories(root.resolve("b-t5"));
        Files.writeString(t5.resolve("config.json"), "{\"model_type\": \"t5\"}");
        Files.createDirectories(root.resolve("c-empty"));
        // When
        List<BaseModelCatalog.Entry> entries = new BaseModelCatalog(new ModelRoots(List.of(root))).entries();
        // Then
        assertThat(entries).extracting(BaseModelCatalog.Entry::reference).containsExactly("bundled:all-minilm-l6-v2",
                "bundled:bge-small-zh-v1.5", "a-distilbert", "b-t5", "c-empty");
        BaseModelCatalog.Entry bge = entries.get(1);
        assertThat(bge.language()).isEqualTo("Chinese");
        assertThat(bge.pooling()).isEqualTo("CLS");
        assertThat(bge.normalized()).isTrue();
        assertThat(bge.sizeBytes()).isGreaterThan(90_000_000L);
        assertThat(bge.problem()).isNull();
        assertThat(entries.get(2).modelType()).isEqualTo("distilbert");
        assertThat(entries.get(2).problem()).isEqualTo("only pytorch_model.bin: convert it to model.safetensors");
        assertThat(entries.get(3).problem()).contains("model_type='t5' is not supported");
        assertThat(entries.get(4).problem()).isEqualTo("no readable config.json");
    }
}
