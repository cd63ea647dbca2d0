package io.tunestream.model.safetensors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;

/** Parses one tensor entry ({@code {"dtype":..,"shape":[..],"data_offsets":[b,e]}}) of a header. */
final class HeaderEntries {

    private HeaderEntries() {
    }

    static TensorInfo tensorInfo(Path file, String name, JsonElement value) throws SafetensorsFormatException {
        if (!value.isJsonObject()) {
            throw new SafetensorsFormatException(file, "entry '" + name + "' is not an object");
        }
        JsonObject entry = value.getAsJsonObject();
        SafetensorsDtype dtype = dtype(file, name, entry.get("dtype"));
        long[] shape = longArray(file, name + ".shape", entry.get("shape"), -1);
        long[] offsets = longArray(file, name + ".data_offsets", entry.get("data_offsets"), 2);
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1], file);
    }

    private static SafetensorsDtype dtype(Path file, String name, JsonElement value) throws SafetensorsFormatException {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new SafetensorsFormatException(file, "entry '" + name + "' has no string 'dtype'");
        }
        String wire = value.getAsString();
        return SafetensorsDtype.fromWireName(wire).orElseThrow(
                () -> new SafetensorsFormatException(file, "entry '" + name + "' has unknown dtype '" + wire + "'"));
    }

    private static long[] longArray(Path file, String what, JsonElement value, int requiredLength)
            throws SafetensorsFormatException {
        if (value == null || !value.isJsonArray()) {
            throw new SafetensorsFormatException(file, what + " is missing or not an array");
        }
        JsonArray array = value.getAsJsonArray();
        if (requiredLength >= 0 && array.size() != requiredLength) {
            throw new SafetensorsFormatException(file, what + " must have " + requiredLength + " elements, got " + array);
        }
        long[] result = new long[array.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = SafetensorsHeader.nonNegativeLong(file, array.get(i), what + "[" + i + "]");
        }
        return result;
    }
}
