package io.tunestream.model.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {

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

    @Test
    void shouldRoundTripExactlyWhenStoredAsF32() throws Exception {
        // Given a float matrix (a transposed, non-contiguous view), a scalar and an int64 vector
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("layer.weight", manager.randomNormal(new Shape(3, 4)).transpose());
        tensors.put("scale", manager.create(2.5f));
        tensors.put("position_ids", manager.arange(0L, 7L, 1L, DataType.INT64));
        Path file = dir.resolve("m.safetensors");

        // When written and read back
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
        Map<String, NDArray> read = SafetensorsReader.read(file, manager);

        // Then every tensor is bit-identical, integers keep their type
        assertThat(read).containsOnlyKeys("layer.weight", "scale", "position_ids");
        assertThat(read.get("layer.weight").getShape()).isEqualTo(new Shape(4, 3));
        assertThat(read.get("layer.weight").toFloatArray()).containsExactly(tensors.get("layer.weight").toFloatArray());
        assertThat(read.get("scale").getShape()).isEqualTo(new Shape());
        assertThat(read.get("scale").getFloat()).isEqualTo(2.5f);
        assertThat(read.get("position_ids").getDataType()).isEqualTo(DataType.INT64);
        assertThat(read.get("position_ids").toLongArray()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(read.get("layer.weight").getName()).isEqualTo("layer.weight");
    }

    @Test
    void shouldStoreHalfPrecisionWhenStoredAsF16() throws Exception {
        // Given values of which some are exact in fp16 and some are not
        float[] values = {1f, -0.5f, 65504f, 0.1f, 3.14159f, 1e-3f};
        Path file = dir.resolve("half.safetensors");

        // When written as F16 and read back
        SafetensorsWriter.write(file, Map.of("w", manager.create(values)), null, SafetensorsDtype.F16);
        float[] read = SafetensorsReader.read(file, manager).get("w").toFloatArray();

        // Then the file holds 2 bytes per value, read back as FLOAT32 within fp16 precision
        assertThat(SafetensorsReader.header(file).tensors().get("w").dtype()).isEqualTo(SafetensorsDtype.F16);
        assertThat(SafetensorsReader.header(file).tensors().get("w").byteLength()).isEqualTo(12);
        assertThat(read[0]).isEqualTo(1f);
        assertThat(read[2]).isEqualTo(65504f);
        for (int i = 0; i < values.length; i++) {
            assertThat(read[i]).isCloseTo(values[i], within(Math.abs(values[i]) / 1024f));
        }
        assertThat(read[3]).isNotEqualTo(0.1f);
    }

    @Test
    void shouldRoundToNearestEvenWhenStoredAsBf16() throws Exception {
        // Given values on and between bfloat16 grid points (ulp at 1.0 is 2^-7)
        float[] values = {1f, 1.00390625f, 1.01171875f, 3.14159f, Float.NEGATIVE_INFINITY, Float.NaN, -2.5f};
        Path file = dir.resolve("bf16.safetensors");

        // When written as BF16 and read back
        SafetensorsWriter.write(file, Map.of("w", manager.create(values)), null, SafetensorsDtype.BF16);
        float[] read = SafetensorsReader.read(file, manager).get("w").toFloatArray();

        // Then ties go to the even mantissa, other values to the nearest, specials survive
        assertThat(read[0]).isEqualTo(1f);
        assertThat(read[1]).isEqualTo(1f);
        assertThat(read[2]).isEqualTo(1.015625f);
        assertThat(read[3]).isEqualTo(3.140625f);
        assertThat(read[4]).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(read[5]).isNaN();
        assertThat(read[6]).isEqualTo(-2.5f);
    }

    @Test
    void shouldWriteTheReferenceImplementationsBytesWhenGivenItsTestTensor() throws Exception {
        // Given the tensor of safetensors' own test_serialization (tensor.rs): "attn.0", F32 [1,2,3], 0..5
        NDArray attn = manager.create(new float[] {0, 1, 2, 3, 4, 5}, new Shape(1, 2, 3));
        Path file = dir.resolve("golden.safetensors");

        // When written
        SafetensorsWriter.write(file, Map.of("attn.0", attn), null);

        // Then the bytes are the reference's: length 64, compact JSON, no padding needed, LE floats
        byte[] bytes = Files.readAllBytes(file);
        String header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        ByteBuffer expected = ByteBuffer.allocate(8 + 64 + 24).order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(64).put(header.getBytes());
        for (int i = 0; i < 6; i++) {
            expected.putFloat(i);
        }
        assertThat(bytes).containsExactly(expected.array());
    }

    @Test
    void shouldPadHeaderWithSpacesAndPutMetadataFirstWhenMetadataGiven() throws Exception {
        // Given no tensors and metadata, as in the reference's test_empty
        Path file = dir.resolve("empty.safetensors");

        // When written
        SafetensorsWriter.write(file, Map.of(), Map.of("framework", "pt"));

        // Then the header is the reference's 40 bytes: 35 of JSON + 5 spaces
        byte[] bytes = Files.readAllBytes(file);
        assertThat(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(40);
        assertThat(new String(bytes, 8, 40)).isEqualTo("{\"__metadata__\":{\"framework\":\"pt\"}}     ");
        assertThat(SafetensorsReader.header(file).metadata()).containsEntry("framework", "pt");
    }

    @Test
    void shouldSortByDtypeAlignmentThenNameWhenWritingMixedTypes() throws Exception {
        // Given tensors whose names sort differently from their dtypes' alignment
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("a.mask", manager.create(new boolean[] {true, false}));
        tensors.put("b.weight", manager.ones(new Shape(2)));
        tensors.put("c.ids", manager.create(new long[] {1, 2}));
        Path file = dir.resolve("mixed.safetensors");

        // When written and its header read
        SafetensorsWriter.write(file, tensors, null);
        SafetensorsHeader header = SafetensorsReader.header(file);

        // Then data is laid out I64, F32, BOOL (descending alignment), offsets contiguous
        assertThat(header.tensors().keySet()).containsExactly("c.ids", "b.weight", "a.mask");
        assertThat(header.tensors().get("a.mask").end()).isEqualTo(16 + 8 + 2);
        assertThat(SafetensorsReader.read(file, manager).get("a.mask").toBooleanArray()).containsExactly(true, false);
    }
}
