package io.tunestream.model.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.gson.stream.JsonWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes DJL arrays as a safetensors file, byte-for-byte as the reference implementation
 * ({@code safetensors::tensor::serialize_to_file}) would: tensors sorted by descending dtype
 * alignment then name, compact JSON header ({@code __metadata__} first) padded with spaces to a
 * multiple of 8 bytes, little-endian data. Floating-point arrays are stored in the chosen dtype
 * (F32, F16 or BF16, rounded to nearest even); integer arrays keep their own type. The file is
 * written to a temporary sibling and moved into place, so a crash never leaves half a checkpoint.
 */
public final class SafetensorsWriter {

    private SafetensorsWriter() {
    }

    /**
     * Writes with float tensors stored as F32.
     *
     * @param file the target file (replaced if it exists)
     * @param tensors the arrays by name
     * @param metadata free-form strings stored under {@code __metadata__} (null or empty: none)
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        write(file, tensors, metadata, SafetensorsDtype.F32);
    }

    /**
     * Writes with float tensors stored in {@code floatDtype}.
     *
     * @param file the target file (replaced if it exists)
     * @param tensors the arrays by name
     * @param metadata free-form strings stored under {@code __metadata__} (null or empty: none)
     * @param floatDtype F32, F16 or BF16: the on-disk type of floating-point arrays
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata,
            SafetensorsDtype floatDtype) throws IOException {
        if (floatDtype != SafetensorsDtype.F32 && floatDtype != SafetensorsDtype.F16 && floatDtype != SafetensorsDtype.BF16) {
            throw new IllegalArgumentException("float tensors can be stored as F32, F16 or BF16, not " + floatDtype);
        }
        List<Entry> entries = plan(tensors, floatDtype);
        byte[] header = header(entries, metadata);
        Path absolute = file.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20)) {
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
                out.write(header);
                for (Entry entry : entries) {
                    out.write(TensorBytes.encode(entry.array(), entry.dtype()));
                }
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** One tensor as it will be laid out. */
    private record Entry(String name, NDArray array, SafetensorsDtype dtype, long begin, long end) {
    }

    private static List<Entry> plan(Map<String, NDArray> tensors, SafetensorsDtype floatDtype) {
        List<Entry> sorted = new ArrayList<>();
        tensors.forEach((name, array) -> sorted.add(new Entry(name, array, storedAs(array.getDataType(), floatDtype), 0, 0)));
        sorted.sort(Comparator.comparing(Entry::dtype, Comparator.reverseOrder()).thenComparing(Entry::name));
        List<Entry> laidOut = new ArrayList<>(sorted.size());
        long offset = 0;
        for (Entry entry : sorted) {
            long length = entry.array().size() * entry.dtype().byteSize();
            laidOut.add(new Entry(entry.name(), entry.array(), entry.dtype(), offset, offset + length));
            offset += length;
        }
        return laidOut;
    }

    private static SafetensorsDtype storedAs(DataType type, SafetensorsDtype floatDtype) {
        return type.isFloating() ? floatDtype : SafetensorsDtype.ofInteger(type);
    }

    private static byte[] header(List<Entry> entries, Map<String, String> metadata) throws IOException {
        StringWriter json = new StringWriter();
        try (JsonWriter writer = new JsonWriter(json)) {
            writer.setHtmlSafe(false);
            writer.beginObject();
            if (metadata != null && !metadata.isEmpty()) {
                writer.name(SafetensorsHeader.METADATA_KEY).beginObject();
                for (Map.Entry<String, String> item : new TreeMap<>(metadata).entrySet()) {
                    writer.name(item.getKey()).value(item.getValue());
                }
                writer.endObject();
            }
            for (Entry entry : entries) {
                writer.name(entry.name()).beginObject();
                writer.name("dtype").value(entry.dtype().name());
                writer.name("shape").beginArray();
                for (long dim : entry.array().getShape().getShape()) {
                    writer.value(dim);
                }
                writer.endArray();
                writer.name("data_offsets").beginArray().value(entry.begin()).value(entry.end()).endArray();
                writer.endObject();
            }
            writer.endObject();
        }
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (bytes.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(bytes, padded);
        Arrays.fill(header, bytes.length, padded, (byte) ' ');
        return header;
    }
}
