package io.tunestream.model.safetensors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsed, validated header of one safetensors file: the same checks as the reference
 * implementation's {@code SafeTensors::read_metadata} (header size limit, UTF-8, JSON, offsets
 * contiguous from 0, byte length = elements x dtype size, data ends exactly at the end of the file).
 *
 * @param tensors the entries in data-offset order
 * @param metadata the free-form {@code __metadata__} strings (empty when absent)
 * @param dataStart the absolute file position where the data buffer starts (8 + header length)
 */
public record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart) {

    /** The reference implementation refuses headers above 100 MB; so do we. */
    static final long MAX_HEADER_SIZE = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    /**
     * Reads and validates the header of a file, without touching the tensor data.
     *
     * @param file a safetensors file
     * @return the header
     * @throws SafetensorsFormatException when the file is not valid safetensors
     * @throws IOException when it cannot be read
     */
    public static SafetensorsHeader read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            long headerLength = readHeaderLength(file, channel, fileSize);
            String json = decodeUtf8(file, readFully(channel, 8, (int) headerLength));
            SafetensorsHeader header = parse(file, json, 8 + headerLength);
            long dataEnd = header.dataStart() + header.dataLength();
            if (dataEnd > fileSize) {
                throw new SafetensorsFormatException(file, "truncated: the header declares data up to byte "
                        + dataEnd + " but the file has " + fileSize + " bytes");
            }
            if (dataEnd < fileSize) {
                throw new SafetensorsFormatException(file, (fileSize - dataEnd)
                        + " bytes after the last tensor's data (offsets do not cover the buffer)");
            }
            return header;
        }
    }

    /** @return the length of the data buffer (the last tensor's end offset) */
    public long dataLength() {
        long end = 0;
        for (TensorInfo info : tensors.values()) {
            end = Math.max(end, info.end());
        }
        return end;
    }

    private static long readHeaderLength(Path file, FileChannel channel, long fileSize) throws IOException {
        if (fileSize < 8) {
            throw new SafetensorsFormatException(file, "truncated: " + fileSize + " bytes, shorter than the 8-byte header length");
        }
        long headerLength = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 0 || headerLength > MAX_HEADER_SIZE) {
            throw new SafetensorsFormatException(file, "header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the " + MAX_HEADER_SIZE + "-byte limit");
        }
        if (8 + headerLength > fileSize) {
            throw new SafetensorsFormatException(file, "truncated: header length " + headerLength
                    + " runs past the end of the " + fileSize + "-byte file");
        }
        return headerLength;
    }

    static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    private static String decodeUtf8(Path file, ByteBuffer bytes) throws SafetensorsFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsFormatException(file, "header is not valid UTF-8", e);
        }
    }

    static SafetensorsHeader parse(Path file, String json, long dataStart) throws SafetensorsFormatException {
        JsonObject root = parseObject(file, json);
        Map<String, String> metadata = new TreeMap<>();
        List<TensorInfo> infos = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : root.entrySet()) {
            if (METADATA_KEY.equals(entry.getKey())) {
                metadata.putAll(parseMetadata(file, entry.getValue()));
            } else {
                infos.add(HeaderEntries.tensorInfo(file, entry.getKey(), entry.getValue()));
            }
        }
        infos.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        validateOffsets(file, infos);
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        infos.forEach(info -> tensors.put(info.name(), info));
        return new SafetensorsHeader(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata), dataStart);
    }

    private static JsonObject parseObject(Path file, String json) throws SafetensorsFormatException {
        if (!json.startsWith("{")) {
            throw new SafetensorsFormatException(file, "header does not start with '{'");
        }
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new SafetensorsFormatException(file, "trailing characters after the header's JSON object");
            }
            return element.getAsJsonObject();
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new SafetensorsFormatException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> parseMetadata(Path file, JsonElement value) throws SafetensorsFormatException {
        if (!value.isJsonObject()) {
            throw new SafetensorsFormatException(file, "__metadata__ must be an object of strings");
        }
        Map<String, String> metadata = new TreeMap<>();
        for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
            JsonElement v = entry.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new SafetensorsFormatException(file, "__metadata__." + entry.getKey() + " is not a string");
            }
            metadata.put(entry.getKey(), v.getAsString());
        }
        return metadata;
    }

    private static void validateOffsets(Path file, List<TensorInfo> infos) throws SafetensorsFormatException {
        long expectedStart = 0;
        for (TensorInfo info : infos) {
            if (info.begin() != expectedStart || info.end() < info.begin()) {
                throw new SafetensorsFormatException(file, "tensor '" + info.name() + "' has data_offsets ["
                        + info.begin() + ", " + info.end() + "], expected to start at " + expectedStart
                        + " (offsets must be contiguous, without gaps or overlaps)");
            }
            long expectedBytes;
            try {
                expectedBytes = Math.multiplyExact(info.elementCount(), info.dtype().byteSize());
            } catch (ArithmeticException e) {
                throw new SafetensorsFormatException(file, "tensor '" + info.name() + "' shape overflows", e);
            }
            if (info.byteLength() != expectedBytes) {
                throw new SafetensorsFormatException(file, "tensor '" + info.name() + "' spans " + info.byteLength()
                        + " bytes but its shape and dtype need " + expectedBytes);
            }
            expectedStart = info.end();
        }
    }

    /** Parses one JSON number as a non-negative integer, exactly (no rounding of 1.5 or 1e30). */
    static long nonNegativeLong(Path file, JsonElement value, String what) throws SafetensorsFormatException {
        try {
            long result = new BigDecimal(value.getAsJsonPrimitive().getAsString()).longValueExact();
            if (result >= 0 && value.getAsJsonPrimitive().isNumber()) {
                return result;
            }
        } catch (ArithmeticException | NumberFormatException | IllegalStateException e) {
            // falls through to the error below
        }
        throw new SafetensorsFormatException(file, what + " must be a non-negative integer, got " + value);
    }
}
