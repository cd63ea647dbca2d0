package io.tunestream.model.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsShardedTest {

    @TempDir
    Path dir;
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private void writeTwoShards(String weightMapExtra) throws Exception {
        SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"),
                Map.of("embed.weight", manager.arange(6f).reshape(2, 3)), null);
        SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"),
                Map.of("head.weight", manager.ones(new Shape(3)), "head.bias", manager.zeros(new Shape(1))), null,
                SafetensorsDtype.BF16);
        Files.writeString(dir.resolve(SafetensorsReader.INDEX_FILE), "{\"metadata\":{\"total_size\":32},"
                + "\"weight_map\":{\"embed.weight\":\"model-00001-of-00002.safetensors\","
                + "\"head.weight\":\"model-00002-of-00002.safetensors\","
                + "\"head.bias\":\"model-00002-of-00002.safetensors\"" + weightMapExtra + "}}");
    }

    @Test
    void shouldLoadEveryShardWhenDirectoryHasIndex() throws Exception {
        // Given a directory with two shards (one F32, one BF16) and an index
        writeTwoShards("");

        // When the directory is read
        Map<String, NDArray> tensors = SafetensorsReader.read(dir, manager);

        // Then all tensors from both shards are there, as FLOAT32
        assertThat(tensors).containsOnlyKeys("embed.weight", "head.weight", "head.bias");
        assertThat(tensors.get("embed.weight").toFloatArray()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(tensors.get("head.weight").toFloatArray()).containsExactly(1, 1, 1);
    }

    @Test
    void shouldMergeHeadersAndKeepIndexMetadataWhenHeaderOfShardedDirectory() throws Exception {
        // Given a sharded directory
        writeTwoShards("");

        // When only the headers are read
        SafetensorsHeader header = SafetensorsReader.header(dir);

        // Then names, dtypes, shapes and the shard of each are known
        assertThat(header.metadata()).containsEntry("total_size", "32");
        assertThat(header.tensors().get("head.weight").dtype()).isEqualTo(SafetensorsDtype.BF16);
        assertThat(header.tensors().get("embed.weight").shape()).containsExactly(2, 3);
        assertThat(header.tensors().get("head.bias").file().getFileName())
                .hasToString("model-00002-of-00002.safetensors");
    }

    @Test
    void shouldFailNamingTheTensorWhenIndexListsTensorMissingFromShard() throws Exception {
        // Given an index that promises a tensor its shard does not hold
        writeTwoShards(",\"lost.weight\":\"model-00001-of-00002.safetensors\"");

        // When / Then reading fails and names the tensor
        assertThatThrownBy(() -> SafetensorsReader.read(dir, manager))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("lost.weight");
    }

    @Test
    void shouldFailWhenIndexPointsOutsideTheDirectory() throws Exception {
        // Given an index entry with a path that escapes the model directory
        writeTwoShards(",\"evil\":\"../elsewhere.safetensors\"");

        // When / Then
        assertThatThrownBy(() -> SafetensorsReader.read(dir, manager))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("outside the model directory");
    }

    @Test
    void shouldReadModelFileWhenDirectoryIsNotSharded() throws Exception {
        // Given a directory with a single model.safetensors
        SafetensorsWriter.write(dir.resolve(SafetensorsReader.MODEL_FILE), Map.of("w", manager.ones(new Shape(2))), null);

        // When / Then
        assertThat(SafetensorsReader.read(dir, manager)).containsOnlyKeys("w");
    }

    @Test
    void shouldSayWhatIsMissingWhenDirectoryHasNoCheckpoint() {
        // Given an empty directory, when / then
        assertThatThrownBy(() -> SafetensorsReader.read(dir, manager))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("model.safetensors.index.json");
        assertThatThrownBy(() -> SafetensorsReader.header(dir.resolve("absent.safetensors")))
                .isInstanceOf(NoSuchFileException.class);
    }
}
