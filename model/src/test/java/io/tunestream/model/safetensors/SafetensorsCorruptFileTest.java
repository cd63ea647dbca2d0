package io.tunestream.model.safetensors;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsCorruptFileTest {

    private static final String GOOD = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    @TempDir
    Path dir;

    /** A file with the given header text (length-prefixed, as the format wants) and data bytes. */
    private Path file(String header, int dataBytes) throws Exception {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(json.length).put(json);
        return Files.write(dir.resolve("f.safetensors"), buffer.array());
    }

    private static void assertRejected(Path file, String reason) {
        assertThatThrownBy(() -> SafetensorsReader.header(file))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(reason);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> SafetensorsReader.read(file, manager))
                    .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining(reason);
        }
    }

    @Test
    void shouldAcceptWellFormedFileWhenBuiltByHand() throws Exception {
        // Given / When / Then: the helper builds valid files, so the failures below are the corruption's
        try (NDManager manager = NDManager.newBaseManager()) {
            org.assertj.core.api.Assertions.assertThat(SafetensorsReader.read(file(GOOD, 8), manager)).containsKey("w");
        }
    }

    @Test
    void shouldRejectAsTruncatedWhenDataIsCutShort() throws Exception {
        // Given a valid file missing the last 3 bytes of tensor data
        Path written = dir.resolve("ok.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            SafetensorsWriter.write(written, Map.of("w", manager.ones(new ai.djl.ndarray.types.Shape(4))), null);
        }
        byte[] bytes = Files.readAllBytes(written);
        Path cut = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(bytes, bytes.length - 3));

        // When / Then
        assertRejected(cut, "truncated");
    }

    @Test
    void shouldRejectAsTruncatedWhenFileIsShorterThanLengthPrefix() throws Exception {
        assertRejected(Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3}), "truncated");
    }

    @Test
    void shouldRejectWhenHeaderLengthRunsPastEndOfFile() throws Exception {
        // Given a length prefix of 1000 on a 20-byte file
        byte[] bytes = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array();
        assertRejected(Files.write(dir.resolve("long.safetensors"), bytes), "truncated");
    }

    @Test
    void shouldRejectWhenHeaderLengthExceedsLimit() throws Exception {
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).array();
        assertRejected(Files.write(dir.resolve("huge.safetensors"), bytes), "limit");
    }

    @Test
    void shouldRejectWhenHeaderIsNotJson() throws Exception {
        assertRejected(file("{\"w\": {\"dtype\": F32", 8), "not valid JSON");
        assertRejected(file("[1, 2]  ", 0), "does not start with '{'");
    }

    @Test
    void shouldRejectWhenOffsetsRunPastTheData() throws Exception {
        // Given offsets ending at 8 but only 4 data bytes
        assertRejected(file(GOOD, 4), "truncated");
    }

    @Test
    void shouldRejectWhenOffsetsLeaveAGap() throws Exception {
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "contiguous");
    }

    @Test
    void shouldRejectWhenByteLengthDisagreesWithShape() throws Exception {
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "need 12");
    }

    @Test
    void shouldRejectWhenBytesFollowTheLastTensor() throws Exception {
        assertRejected(file(GOOD, 10), "after the last tensor");
    }

    @Test
    void shouldRejectWhenDtypeIsUnknownOrOffsetsMalformed() throws Exception {
        assertRejected(file("{\"w\":{\"dtype\":\"F128\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "unknown dtype 'F128'");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", 8), "data_offsets");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8), "non-negative");
    }
}
