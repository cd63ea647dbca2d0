package io.tunestream.model.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunestream.events.Checkpoint;
import io.tunestream.events.CheckpointStorage;
import io.tunestream.events.Lineage;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Task;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointAssemblerTest {

    @TempDir
    Path dir;

    static byte[] weights(int size) {
        byte[] bytes = new byte[size];
        new Random(1).nextBytes(bytes);
        return bytes;
    }

    static List<Checkpoint> chunks(String id, byte[] bytes, int chunkBytes, String sha) {
        int count = (bytes.length + chunkBytes - 1) / chunkBytes;
        List<Checkpoint> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(base(id).setStorage(CheckpointStorage.INLINE).setSha256(sha).setSizeBytes(bytes.length)
                    .setChunkIndex(i).setChunkCount(count).setInlineData(ByteBuffer.wrap(Arrays.copyOfRange(bytes,
                            i * chunkBytes, Math.min(bytes.length, (i + 1) * chunkBytes)))).build());
        }
        return out;
    }

    static Checkpoint.Builder base(String id) {
        return Checkpoint.newBuilder().setCheckpointId(id).setJobId("job").setModelName("m").setStep(3)
                .setIsFinal(true).setTask(Task.CLASSIFICATION)
                .setMethod(MethodConfig.newBuilder().setType(Method.LORA).build()).setLabels(List.of("a", "b"))
                .setMetrics(Map.of()).setArtifactUri(null)
                .setLineage(Lineage.newBuilder().setDatasetId("d").setDatasetVersion("1").setJobId("job")
                        .setBaseModel(BaseModelReference.BUNDLED_MINILM).build())
                .setProducedAt(Instant.EPOCH);
    }

    @Test
    void shouldReassembleVerifiedFileWhenLastOfOrderedChunksArrives() throws Exception {
        // Given 2,500 bytes in chunks of 1,000
        byte[] bytes = weights(2500);
        List<Checkpoint> events = chunks("job-final", bytes, 1000, Sha256.of(bytes));
        CheckpointAssembler assembler = new CheckpointAssembler(dir);
        // When
        Optional<CheckpointAssembler.Assembled> first = assembler.accept(events.get(0));
        Optional<CheckpointAssembler.Assembled> second = assembler.accept(events.get(1));
        int pendingBeforeLast = assembler.pending();
        Optional<CheckpointAssembler.Assembled> last = assembler.accept(events.get(2));
        // Then
        assertThat(first).isEmpty();
        assertThat(second).isEmpty();
        assertThat(pendingBeforeLast).isEqualTo(1);
        assertThat(last).isPresent();
        assertThat(Files.readAllBytes(last.get().weights())).isEqualTo(bytes);
        assertThat(last.get().weights().getFileName().toString()).isEqualTo("job-final.safetensors");
        assertThat(assembler.pending()).isZero();
    }

    @Test
    void shouldRestartCheckpointWhenChunkZeroIsRedelivered() throws Exception {
        // Given a redelivery after a crash: chunks 0, 1, then 0, 1, 2 again
        byte[] bytes = weights(2500);
        List<Checkpoint> events = chunks("c", bytes, 1000, Sha256.of(bytes));
        CheckpointAssembler assembler = new CheckpointAssembler(dir);
        assembler.accept(events.get(0));
        assembler.accept(events.get(1));
        // When
        assembler.accept(events.get(0));
        assembler.accept(events.get(1));
        Optional<CheckpointAssembler.Assembled> done = assembler.accept(events.get(2));
        // Then
        assertThat(Files.readAllBytes(done.orElseThrow().weights())).isEqualTo(bytes);
    }

    @Test
    void shouldRefuseGapChecksumMismatchAndMissingArtifact() {
        byte[] bytes = weights(2500);
        CheckpointAssembler assembler = new CheckpointAssembler(dir);
        // a gap: chunk 2 without chunk 1
        List<Checkpoint> events = chunks("gap", bytes, 1000, Sha256.of(bytes));
        assembler.accept(events.get(0));
        assertThatThrownBy(() -> assembler.accept(events.get(2))).isInstanceOf(CheckpointIntegrityException.class)
                .hasMessageContaining("out of order").hasMessageContaining("expected chunk 1");
        assertThat(dir.resolve("gap.part")).doesNotExist();
        // a wrong checksum
        List<Checkpoint> wrong = chunks("wrong", bytes, 5000, "0".repeat(64));
        assertThatThrownBy(() -> assembler.accept(wrong.get(0))).isInstanceOf(CheckpointIntegrityException.class)
                .hasMessageContaining("does not match");
        // an artifact that is not there, and one that is not a file: URI
        Checkpoint missing = base("art").setStorage(CheckpointStorage.ARTIFACT).setSha256("x").setSizeBytes(1)
                .setArtifactUri(dir.resolve("nope.safetensors").toUri().toString()).build();
        assertThatThrownBy(() -> assembler.accept(missing)).hasMessageContaining("does not exist");
        Checkpoint remote = base("art").setStorage(CheckpointStorage.ARTIFACT).setSha256("x").setSizeBytes(1)
                .setArtifactUri("s3://bucket/w.safetensors").build();
        assertThatThrownBy(() -> assembler.accept(remote)).hasMessageContaining("is not a file: URI");
    }

    @Test
    void shouldVerifyArtifactCheckpointInPlace() throws Exception {
        byte[] bytes = weights(300);
        Path file = Files.write(dir.resolve("full.safetensors"), bytes);
        Checkpoint event = base("full").setStorage(CheckpointStorage.ARTIFACT).setSha256(Sha256.of(bytes))
                .setSizeBytes(bytes.length).setArtifactUri(file.toUri().toString()).build();
        assertThat(new CheckpointAssembler(dir.resolve("work"), java.util.List.of(dir)).accept(event).orElseThrow()
                .weights()).isEqualTo(file);
    }

    @Test
    void shouldRefuseAnArtifactCheckpointOutsideTheArtifactRootsEvenThroughALink() throws Exception {
        // Given an artifact root, valid weights outside it, and a link inside it to those weights
        byte[] bytes = weights(300);
        Path root = Files.createDirectories(dir.resolve("artifacts"));
        Path outside = Files.write(dir.resolve("elsewhere.safetensors"), bytes);
        Path link = Files.createSymbolicLink(root.resolve("linked.safetensors"), outside);
        CheckpointAssembler assembler = new CheckpointAssembler(dir.resolve("work"), java.util.List.of(root));
        for (Path named : java.util.List.of(outside, link, root.resolve("../elsewhere.safetensors"))) {
            Checkpoint event = base("full").setStorage(CheckpointStorage.ARTIFACT).setSha256(Sha256.of(bytes))
                    .setSizeBytes(bytes.length).setArtifactUri(named.toUri().toString()).build();
            // When / Then
            assertThatThrownBy(() -> assembler.accept(event)).as(named.toString())
                    .isInstanceOf(CheckpointIntegrityException.class).hasMessageContaining("outside the artifact roots");
        }
        // and without roots every artifact checkpoint is refused
        Checkpoint inside = base("full").setStorage(CheckpointStorage.ARTIFACT).setSha256(Sha256.of(bytes))
                .setSizeBytes(bytes.length).setArtifactUri(Files.write(root.resolve("w.safetensors"), bytes).toUri().toString())
                .build();
        assertThatThrownBy(() -> new CheckpointAssembler(dir.resolve("work")).accept(inside))
                .isInstanceOf(CheckpointIntegrityException.class);
        assertThat(assembler.accept(inside)).isPresent();
    }

    @Test
    void shouldKeepFileNamesInsideDirectoryWhenIdsHoldPathCharacters() {
        assertThat(CheckpointAssembler.safeName("../../etc/passwd")).isEqualTo("_._.._etc_passwd").doesNotContain("/");
        assertThat(CheckpointAssembler.safeName("job/1-final")).isEqualTo("job_1-final");
    }
}
