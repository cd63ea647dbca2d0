package io.tunestream.model.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads Hugging Face safetensors checkpoints into DJL arrays: one file, or a directory holding
 * {@code model.safetensors} or a sharded {@code model.safetensors.index.json}. Floating-point tensors
 * (F16, BF16, F32, F64 on disk) are returned as FLOAT32; integer tensors keep their type.
 */
public final class SafetensorsReader {

    /** The single-file checkpoint name in a Hugging Face model directory. */
    public static final String MODEL_FILE = "model.safetensors";
    /** The shard index name in a Hugging Face model directory. */
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private SafetensorsReader() {
    }

    /**
     * Loads every tensor of a checkpoint.
     *
     * @param fileOrDir a safetensors file, or a model directory (single file or sharded)
     * @param manager the manager that will own the arrays (and their device)
     * @return the tensors by name, in file and offset order; each array is named after its key
     * @throws SafetensorsFormatException when a file or the index is malformed
     * @throws IOException when a file is missing or unreadable
     */
    public static Map<String, NDArray> read(Path fileOrDir, NDManager manager) throws IOException {
        ShardIndex index = ShardIndex.resolve(fileOrDir);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        try {
            for (Path file : index.files()) {
                Map<String, NDArray> shard = readFile(file, manager);
                checkNoDuplicates(file, tensors, shard);
                tensors.putAll(shard);
                index.checkShard(file, shard.keySet());
            }
        } catch (IOException | RuntimeException e) {
            tensors.values().forEach(NDArray::close);
            throw e;
        }
        return tensors;
    }

    /**
     * Reads only the header(s): names, dtypes, shapes, offsets and metadata; no tensor data.
     *
     * @param fileOrDir a safetensors file, or a model directory (single file or sharded)
     * @return for a file, its header; for a sharded directory, the shards' entries merged (each
     *     {@link TensorInfo#file()} says which shard, {@code dataStart} is -1) and the index's metadata
     * @throws IOException when a file is missing, unreadable or malformed
     */
    public static SafetensorsHeader header(Path fileOrDir) throws IOException {
        ShardIndex index = ShardIndex.resolve(fileOrDir);
        if (index.files().size() == 1 && index.metadata().isEmpty()) {
            return SafetensorsHeader.read(index.files().get(0));
        }
        Map<String, TensorInfo> merged = new LinkedHashMap<>();
        for (Path file : index.files()) {
            Map<String, TensorInfo> shard = SafetensorsHeader.read(file).tensors();
            index.checkShard(file, shard.keySet());
            merged.putAll(shard);
        }
        return new SafetensorsHeader(Collections.unmodifiableMap(merged), index.metadata(), -1);
    }

    private static void checkNoDuplicates(Path file, Map<String, NDArray> earlier, Map<String, NDArray> shard)
            throws SafetensorsFormatException {
        for (String name : shard.keySet()) {
            if (earlier.containsKey(name)) {
                shard.values().forEach(NDArray::close);
                throw new SafetensorsFormatException(file, "tensor '" + name + "' is also in an earlier shard");
            }
        }
    }

    private static Map<String, NDArray> readFile(Path file, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "safetensors file not found");
        }
        SafetensorsHeader header = SafetensorsHeader.read(file);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (TensorInfo info : header.tensors().values()) {
                NDArray array = load(channel, header.dataStart(), info, manager);
                array.setName(info.name());
                tensors.put(info.name(), array);
            }
        } catch (IOException | RuntimeException e) {
            tensors.values().forEach(NDArray::close);
            throw e;
        }
        return tensors;
    }

    private static NDArray load(FileChannel channel, long dataStart, TensorInfo info, NDManager manager)
            throws IOException {
        if (info.byteLength() > Integer.MAX_VALUE) {
            throw new SafetensorsFormatException(info.file(), "tensor '" + info.name() + "' has "
                    + info.byteLength() + " bytes, more than one array can hold (2 GiB)");
        }
        ByteBuffer raw = ByteBuffer.allocateDirect((int) info.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
        while (raw.hasRemaining()) {
            if (channel.read(raw, dataStart + info.begin() + raw.position()) < 0) {
                throw new SafetensorsFormatException(info.file(), "truncated inside tensor '" + info.name() + "'");
            }
        }
        raw.flip();
        Shape shape = new Shape(info.shape());
        switch (info.dtype()) {
            case BF16:
                return manager.create(bf16ToFloat32(raw), shape, DataType.FLOAT32);
            case F16:
                return widen(manager.create(raw, shape, DataType.FLOAT16));
            case F64:
                return widen(manager.create(raw, shape, DataType.FLOAT64));
            default:
                return manager.create(raw, shape, info.dtype().loadedAs());
        }
    }

    private static NDArray widen(NDArray stored) {
        try (stored) {
            return stored.toType(DataType.FLOAT32, true);
        }
    }

    private static ByteBuffer bf16ToFloat32(ByteBuffer raw) {
        ShortBuffer bits = raw.asShortBuffer();
        ByteBuffer out = ByteBuffer.allocateDirect(bits.remaining() * Float.BYTES).order(ByteOrder.nativeOrder());
        FloatBuffer floats = out.asFloatBuffer();
        while (bits.hasRemaining()) {
            floats.put(Bfloat16.toFloat(bits.get()));
        }
        return out;
    }
}
