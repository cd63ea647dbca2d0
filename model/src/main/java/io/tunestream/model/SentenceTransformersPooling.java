package io.tunestream.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tunestream.model.arch.Pooling;
import io.tunestream.model.weights.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The pooling a Hugging Face directory declares through sentence-transformers' files: {@code modules.json} names
 * the {@code sentence_transformers.models.Pooling} module's folder (usually {@code 1_Pooling}), whose
 * {@code config.json} sets one {@code pooling_mode_*} flag. BGE and E5 directories declare CLS or mean this way.
 */
final class SentenceTransformersPooling {

    private static final String POOLING_TYPE = "sentence_transformers.models.Pooling";

    private SentenceTransformersPooling() {}

    /**
     * @param dir a model directory
     * @return the declared pooling; empty when the directory declares none
     * @throws ModelLoadException for a declared mode this library does not implement (max, weighted mean)
     */
    static Optional<Pooling> declared(Path dir) {
        Path config = poolingFolder(dir).resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        JsonObject json = parse(config);
        if (flag(json, "pooling_mode_cls_token")) {
            return Optional.of(Pooling.CLS);
        }
        if (flag(json, "pooling_mode_mean_tokens")) {
            return Optional.of(Pooling.MEAN);
        }
        if (flag(json, "pooling_mode_lasttoken")) {
            return Optional.of(Pooling.LAST);
        }
        throw new ModelLoadException(config + " declares a pooling mode other than cls, mean or lasttoken, which "
                + "is not supported: " + json);
    }

    private static Path poolingFolder(Path dir) {
        Path modules = dir.resolve("modules.json");
        if (Files.isRegularFile(modules)) {
            for (JsonElement module : JsonParser.parseString(read(modules)).getAsJsonArray()) {
                JsonObject m = module.getAsJsonObject();
                if (m.has("type") && POOLING_TYPE.equals(m.get("type").getAsString()) && m.has("path")) {
                    return dir.resolve(m.get("path").getAsString()).normalize();
                }
            }
        }
        return dir.resolve("1_Pooling");
    }

    private static boolean flag(JsonObject json, String key) {
        return json.has(key) && json.get(key).getAsBoolean();
    }

    private static JsonObject parse(Path file) {
        try {
            return JsonParser.parseString(read(file)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new ModelLoadException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
