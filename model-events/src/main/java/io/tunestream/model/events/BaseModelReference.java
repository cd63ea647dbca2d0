package io.tunestream.model.events;

import ai.djl.ndarray.NDManager;
import io.tunestream.model.BundledModel;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base models by the reference a request or a lineage names: a bundled model ({@value #BUNDLED_MINILM},
 * {@value #BUNDLED_BGE_ZH}: {@link BundledModel}, Maven dependencies), or a Hugging Face directory given as a path,
 * {@code file:} or {@code hf:} URI, under one of the configured {@link ModelRoots} (nothing else is ever read). Also the
 * SHA-256 of the weights and tokenizer files, cached per file, for lineage and for checking that a checkpoint
 * is loaded onto the base it was trained on.
 */
public final class BaseModelReference {

    /** The bundled default base model. */
    public static final String BUNDLED_MINILM = "bundled:all-minilm-l6-v2";
    /** The bundled Chinese base model. */
    public static final String BUNDLED_BGE_ZH = "bundled:bge-small-zh-v1.5";

    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final ModelRoots roots;

    /** Only the bundled model. */
    public BaseModelReference() {
        this(ModelRoots.none());
    }

    /** @param roots the directories Hugging Face models may be loaded from */
    public BaseModelReference(ModelRoots roots) {
        this.roots = roots;
    }

    /**
     * @param reference a base model reference
     * @return why it is refused; empty when it is the bundled model or a directory under a model root
     */
    public Optional<String> problem(String reference) {
        return BundledModel.byReference(reference).isPresent() ? Optional.empty() : roots.problem(reference);
    }

    /**
     * @param reference the base model reference
     * @param manager owner of the weights
     * @param maxLength tokenizer truncation length
     * @return the loaded model
     * @throws RuntimeException any loading error, naming the file or tensor (see {@code ModelLoadException})
     */
    public PretrainedModel load(String reference, NDManager manager, int maxLength) {
        Optional<BundledModel> bundled = BundledModel.byReference(reference);
        if (bundled.isPresent()) {
            return PretrainedModels.loadBundled(bundled.get(), manager, maxLength);
        }
        return PretrainedModels.loadHuggingFace(directory(reference), manager, maxLength);
    }

    /** @return SHA-256 of the base model's weights file (ONNX for the bundled model, safetensors otherwise) */
    public String weightsSha256(String reference) {
        Optional<BundledModel> bundled = BundledModel.byReference(reference);
        if (bundled.isPresent()) {
            String resource = bundled.get().onnxResource();
            return hashes.computeIfAbsent("res:" + resource, k -> resourceSha256(resource));
        }
        Path dir = directory(reference);
        Path file = Files.exists(dir.resolve("model.safetensors")) ? dir.resolve("model.safetensors")
                : dir.resolve("model.safetensors.index.json");
        return hashes.computeIfAbsent(file.toString(), k -> fileSha256(file));
    }

    /** @return SHA-256 of the tokenizer file */
    public String tokenizerSha256(String reference) {
        Optional<BundledModel> bundled = BundledModel.byReference(reference);
        if (bundled.isPresent()) {
            String resource = bundled.get().tokenizerResource();
            return hashes.computeIfAbsent("res:" + resource, k -> resourceSha256(resource));
        }
        Path file = directory(reference).resolve("tokenizer.json");
        return hashes.computeIfAbsent(file.toString(), k -> fileSha256(file));
    }

    /**
     * @return the directory a non-bundled reference names
     * @throws IllegalArgumentException when it is not under a configured model root
     */
    public Path directory(String reference) {
        return roots.directory(reference);
    }

    private static String resourceSha256(String resource) {
        try (InputStream in = PretrainedModels.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : Sha256.of(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fileSha256(Path file) {
        return Files.isRegularFile(file) ? Sha256.of(file) : null;
    }
}
