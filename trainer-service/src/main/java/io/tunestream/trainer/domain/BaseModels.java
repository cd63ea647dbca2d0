package io.tunestream.trainer.domain;

import ai.djl.ndarray.NDManager;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads a base model by its reference ({@value TrainingRequestValidator#BUNDLED_MINILM}, or a Hugging Face
 * directory given as a path, {@code file:} or {@code hf:} URI) and names the SHA-256 of its weights and
 * tokenizer files for lineage. Any loading error becomes {@link FailureReason#BASE_MODEL_UNLOADABLE}.
 */
public final class BaseModels {

    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    /**
     * @param reference the request's base model
     * @param manager owner of the weights
     * @param maxLength tokenizer truncation length
     * @return the loaded model
     */
    public PretrainedModel load(String reference, NDManager manager, int maxLength) {
        try {
            if (TrainingRequestValidator.BUNDLED_MINILM.equals(reference)) {
                return PretrainedModels.loadBundledMiniLm(manager, maxLength);
            }
            return PretrainedModels.loadHuggingFace(directory(reference), manager, maxLength);
        } catch (RuntimeException | Error e) {
            throw new JobFailedException(FailureReason.BASE_MODEL_UNLOADABLE,
                    "base model " + reference + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** @return SHA-256 of the base model's weights file (ONNX for the bundled model, safetensors otherwise) */
    public String weightsSha256(String reference) {
        if (TrainingRequestValidator.BUNDLED_MINILM.equals(reference)) {
            return hashes.computeIfAbsent("res:" + PretrainedModels.MINILM_ONNX, k -> resourceSha256(PretrainedModels.MINILM_ONNX));
        }
        Path dir = directory(reference);
        Path file = Files.exists(dir.resolve("model.safetensors")) ? dir.resolve("model.safetensors")
                : dir.resolve("model.safetensors.index.json");
        return hashes.computeIfAbsent(file.toString(), k -> fileSha256(file));
    }

    /** @return SHA-256 of the tokenizer file */
    public String tokenizerSha256(String reference) {
        if (TrainingRequestValidator.BUNDLED_MINILM.equals(reference)) {
            return hashes.computeIfAbsent("res:" + PretrainedModels.MINILM_TOKENIZER,
                    k -> resourceSha256(PretrainedModels.MINILM_TOKENIZER));
        }
        Path file = directory(reference).resolve("tokenizer.json");
        return hashes.computeIfAbsent(file.toString(), k -> fileSha256(file));
    }

    /** @return the directory a non-bundled reference names */
    static Path directory(String reference) {
        String path = reference.startsWith("file:") ? reference.substring(5)
                : reference.startsWith("hf:") ? reference.substring(3) : reference;
        return Path.of(path);
    }

    private static String resourceSha256(String resource) {
        try (InputStream in = PretrainedModels.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : Sha256.of(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fileSha256(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Sha256.of(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 helpers. */
    public static final class Sha256 {
        private Sha256() {
        }

        /** @return lower-case hex SHA-256 of the stream's bytes */
        public static String of(InputStream in) throws IOException {
            MessageDigest digest = newDigest();
            try (DigestInputStream din = new DigestInputStream(in, digest)) {
                din.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        }

        /** @return lower-case hex SHA-256 of the bytes */
        public static String of(byte[] bytes) {
            return HexFormat.of().formatHex(newDigest().digest(bytes));
        }

        private static MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
