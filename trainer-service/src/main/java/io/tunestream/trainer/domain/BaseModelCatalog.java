package io.tunestream.trainer.domain;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tunestream.model.BundledModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.events.ModelRoots;
import io.tunestream.model.safetensors.SafetensorsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What base models this trainer can load: the bundled ones (Maven dependencies on its classpath, with their
 * language, pooling and size) and the Hugging Face directories directly under its model roots, each with its
 * {@code model_type} and, where it cannot be used, why. Reads {@code config.json} files and file sizes only.
 */
public final class BaseModelCatalog {

    /** What a Hugging Face directory under a model root must contain, in the words the listing shows. */
    public static final List<String> DIRECTORY_REQUIREMENTS = List.of(
            "config.json with model_type one of " + String.join(", ", PretrainedModels.supportedModelTypes()),
            "model.safetensors (or model.safetensors.index.json and its shards); pytorch_model.bin alone is refused: "
                    + "convert it with save_pretrained(dir, safe_serialization=True)",
            "tokenizer.json (WordPiece, BPE or Unigram; tokenizer.model alone is not read)",
            "optional: modules.json + 1_Pooling/config.json (sentence-transformers) to declare CLS or mean pooling; "
                    + "mean otherwise");

    /**
     * One loadable (or refused) base model.
     *
     * @param reference what a training request names as {@code baseModel}
     * @param kind {@code bundled} or {@code directory}
     * @param modelType config.json's {@code model_type} ({@code bert} for the bundled encoders)
     * @param language the language a bundled model was trained for; null for directories
     * @param pooling the declared sentence pooling (CLS, MEAN); null when a directory declares none (MEAN is used)
     * @param normalized whether a bundled model's embeddings are L2-normalised; null for directories
     * @param sizeBytes size of the weights file(s)
     * @param source the Maven artifact or the directory
     * @param problem why it cannot be used; null when it can
     */
    public record Entry(String reference, String kind, String modelType, String language, String pooling,
            Boolean normalized, long sizeBytes, String source, String problem) {
    }

    private final ModelRoots roots;

    /** @param roots the trainer's model roots */
    public BaseModelCatalog(ModelRoots roots) {
        this.roots = roots;
    }

    /** @return the bundled models, then the directories under each root (sorted by name) */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (BundledModel m : BundledModel.values()) {
            long size = resourceSize(m.onnxResource());
            out.add(new Entry(m.reference(), "bundled", "bert", m.language(), m.pooling().name(), m.normalized(),
                    Math.max(size, 0), m.artifact() + " (" + m.huggingFaceId() + ")",
                    size < 0 ? m.onnxResource() + " is not on the classpath: add " + m.artifact() : null));
        }
        for (Path root : roots.roots()) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(Files::isDirectory).sorted().forEach(dir -> out.add(directory(dir)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** @return the roots directories are listed from */
    public List<Path> roots() {
        return roots.roots();
    }

    static Entry directory(Path dir) {
        String type = null;
        String problem = null;
        try {
            JsonObject config = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
            type = config.has("model_type") ? config.get("model_type").getAsString() : null;
            PretrainedModels.buildBackbone(config);
        } catch (IOException e) {
            problem = "no readable config.json";
        } catch (RuntimeException e) {
            problem = e.getMessage();
        }
        long size = sizeOf(dir.resolve(SafetensorsReader.MODEL_FILE));
        boolean sharded = Files.isRegularFile(dir.resolve(SafetensorsReader.INDEX_FILE));
        if (problem == null && !Files.isRegularFile(dir.resolve(SafetensorsReader.MODEL_FILE)) && !sharded) {
            problem = Files.isRegularFile(dir.resolve(PretrainedModels.PICKLE_FILE))
                    ? "only pytorch_model.bin: convert it to model.safetensors"
                    : "no model.safetensors";
        }
        if (problem == null && !Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            problem = "no tokenizer.json";
        }
        return new Entry(dir.getFileName().toString(), "directory", type, null, null, null, size, dir.toString(),
                problem);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** @return the size of a classpath resource (a jar entry's size), or -1 when it is not on the classpath */
    private static long resourceSize(String resource) {
        URL url = BaseModelCatalog.class.getClassLoader().getResource(resource);
        if (url == null) {
            return -1;
        }
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false);
            long length = connection.getContentLengthLong();
            connection.getInputStream().close();
            return length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
