package io.tunestream.model.safetensors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which files make up a checkpoint: a single file, a directory's {@code model.safetensors}, or the
 * shards named by {@code model.safetensors.index.json} ({@code {"metadata": {...}, "weight_map":
 * {tensor: shard file}}}, the layout {@code transformers}' {@code save_pretrained} writes).
 *
 * @param files the safetensors files, in shard order
 * @param weightMap tensor name to the shard that must hold it (empty when not sharded)
 * @param metadata the index's metadata, as strings (empty when not sharded)
 * @param source the file or directory the checkpoint was resolved from
 */
record ShardIndex(List<Path> files, Map<String, Path> weightMap, Map<String, String> metadata, Path source) {

    static ShardIndex resolve(Path fileOrDir) throws IOException {
        if (Files.isRegularFile(fileOrDir)) {
            return new ShardIndex(List.of(fileOrDir), Map.of(), Map.of(), fileOrDir);
        }
        if (!Files.isDirectory(fileOrDir)) {
            throw new NoSuchFileException(fileOrDir.toString(), null, "no safetensors file or model directory");
        }
        Path index = fileOrDir.resolve(SafetensorsReader.INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return parse(fileOrDir, index);
        }
        Path single = fileOrDir.resolve(SafetensorsReader.MODEL_FILE);
        if (Files.isRegularFile(single)) {
            return new ShardIndex(List.of(single), Map.of(), Map.of(), fileOrDir);
        }
        throw new NoSuchFileException(fileOrDir.toString(), null, "directory has neither "
                + SafetensorsReader.MODEL_FILE + " nor " + SafetensorsReader.INDEX_FILE);
    }

    private static ShardIndex parse(Path dir, Path index) throws IOException {
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new SafetensorsFormatException(index, "shard index is not a JSON object: " + e.getMessage(), e);
        }
        JsonElement weights = root.get("weight_map");
        if (weights == null || !weights.isJsonObject()) {
            throw new SafetensorsFormatException(index, "shard index has no 'weight_map' object");
        }
        Map<String, Path> weightMap = new LinkedHashMap<>();
        Set<Path> files = new LinkedHashSet<>();
        for (Map.Entry<String, JsonElement> entry : weights.getAsJsonObject().entrySet()) {
            Path shard = shardPath(dir, index, entry.getKey(), entry.getValue());
            weightMap.put(entry.getKey(), shard);
            files.add(shard);
        }
        return new ShardIndex(new ArrayList<>(files), weightMap, metadata(root), dir);
    }

    private static Path shardPath(Path dir, Path index, String tensor, JsonElement value)
            throws SafetensorsFormatException {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new SafetensorsFormatException(index, "weight_map['" + tensor + "'] is not a file name");
        }
        Path shard = dir.resolve(value.getAsString()).normalize();
        if (!shard.getParent().equals(dir.normalize())) {
            throw new SafetensorsFormatException(index, "weight_map['" + tensor + "'] points outside the model directory: "
                    + value.getAsString());
        }
        return shard;
    }

    private static Map<String, String> metadata(JsonObject root) {
        Map<String, String> metadata = new TreeMap<>();
        JsonElement element = root.get("metadata");
        if (element != null && element.isJsonObject()) {
            element.getAsJsonObject().entrySet().forEach(e -> metadata.put(e.getKey(),
                    e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString()));
        }
        return metadata;
    }

    /**
     * Checks that a shard holds every tensor the index assigns to it.
     *
     * @param shard one of {@link #files()}
     * @param names the tensor names found in it
     * @throws SafetensorsFormatException naming the first missing tensor
     */
    void checkShard(Path shard, Set<String> names) throws SafetensorsFormatException {
        for (Map.Entry<String, Path> entry : weightMap.entrySet()) {
            if (entry.getValue().equals(shard) && !names.contains(entry.getKey())) {
                throw new SafetensorsFormatException(shard, "the shard index assigns tensor '" + entry.getKey()
                        + "' to this shard, but it is not in it");
            }
        }
    }
}
