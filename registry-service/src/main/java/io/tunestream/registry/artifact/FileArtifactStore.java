package io.tunestream.registry.artifact;

import io.tunestream.registry.domain.ArtifactStorer;
import io.tunestream.registry.domain.ModelNames;
import io.tunestream.schemas.SafePaths;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The registry's artifact store: {@code <root>/<name>/<version>/<file>}. Weights named by an evaluation's
 * {@code file:} URI are copied in only from the configured source roots (the trainer's and evaluator's artifact
 * directories, after resolving links) and only with the SHA-256 the evaluation carries, which the copy must match;
 * reads resolve only paths that stay inside the store (no "..", no absolute paths, no symbolic links leading out).
 *
 * <p>A weights file {@code <stem>.safetensors} may have a sibling directory {@code <stem>.peft/}: the PEFT-layout
 * export the evaluator writes beside a LoRA checkpoint ({@code adapter_config.json},
 * {@code adapter_model.safetensors}, {@code head.safetensors}). Its regular files (not links, not sub-directories)
 * are copied with the weights into {@code <root>/<name>/<version>/peft/}, staged in a hidden directory and renamed
 * into place, so a reader never sees half an export.
 */
public class FileArtifactStore implements ArtifactStorer {

    /** The directory of a version's PEFT export inside its store directory. */
    public static final String PEFT_DIR = "peft";
    private static final String SAFETENSORS = ".safetensors";
    private static final String PEFT_SUFFIX = ".peft";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final Path root;
    private final List<Path> sourceRoots;

    /**
     * @param root the store's directory (created when missing)
     * @param sourceRoots the only directories artifacts are copied from (the trainer's and evaluator's)
     */
    public FileArtifactStore(Path root, List<Path> sourceRoots) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the artifact store at " + root, e);
        }
        this.sourceRoots = sourceRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** The directories artifacts may be copied from. */
    public List<Path> sourceRoots() {
        return sourceRoots;
    }

    /** The store's root directory (real path). */
    public Path root() {
        return root;
    }

    @Override
    public StoredArtifact store(String name, int version, String sourceUri, String expectedSha256) {
        Path source = sourcePath(sourceUri);
        requireUnderSourceRoot(source, sourceUri);
        if (expectedSha256 == null || !SHA256_HEX.matcher(expectedSha256).matches()) {
            throw new ArtifactException("artifact " + sourceUri + " has no valid SHA-256 in its evaluation (got "
                    + expectedSha256 + "); the registry copies only artifacts it can verify", null);
        }
        Path dir = versionDir(name, version);
        Path target = dir.resolve(fileName(source));
        Path partial = null;
        try {
            Files.createDirectories(dir);
            partial = Files.createTempFile(dir, ".incoming-", ".part");
            String sha256 = copyHashing(source, partial);
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(sha256)) {
                Files.deleteIfExists(partial);
                throw new ArtifactException("artifact " + sourceUri + " has SHA-256 " + sha256
                        + " but its evaluation announced " + expectedSha256, null);
            }
            // Atomic rename: a reader never sees a half-copied file; a replayed registration overwrites it.
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            copyPeftExport(source, dir);
            return new StoredArtifact(target.toUri().toString(), sha256);
        } catch (IOException e) {
            deleteQuietly(partial, e); // a full disk must not keep what a failed copy wrote
            throw new ArtifactException("cannot store artifact " + sourceUri + " as " + target + ": " + e, e);
        }
    }

    /**
     * A regular file of a version, by its path relative to the version's directory, if it exists inside the
     * store. Anything else (traversal, absolute path, a link out of the store, a directory) is empty.
     */
    public Optional<Path> resolve(String name, int version, String relativePath) {
        if (!ModelNames.isValidName(name) || version < 1 || relativePath == null || relativePath.isBlank()) {
            return Optional.empty();
        }
        try {
            Path relative = Path.of(relativePath);
            if (relative.isAbsolute() || relative.getRoot() != null) {
                return Optional.empty();
            }
            Path dir = versionDir(name, version);
            Path candidate = dir.resolve(relative).normalize();
            if (!candidate.startsWith(dir) || !Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            Path real = candidate.toRealPath();
            return real.startsWith(dir.toRealPath()) ? Optional.of(real) : Optional.empty();
        } catch (IllegalArgumentException | IOException e) { // InvalidPathException, SafePaths' refusals
            return Optional.empty();
        }
    }

    /**
     * The files of a version's PEFT export, as paths relative to the version's directory ({@code peft/...}), sorted;
     * empty when the version has none.
     */
    public List<String> peftFiles(String name, int version) {
        if (!ModelNames.isValidName(name) || version < 1) {
            return List.of();
        }
        Path dir = versionDir(name, version).resolve(PEFT_DIR);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .map(f -> PEFT_DIR + "/" + f.getFileName()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The stored file a version's artifact URI names, if it lies inside the store. */
    public Optional<Path> resolveUri(String name, int version, String artifactUri) {
        if (artifactUri == null || !artifactUri.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            return resolve(name, version, Path.of(URI.create(artifactUri)).getFileName().toString());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Lowercase hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        }
    }

    /** The sibling {@code <stem>.peft/} of {@code <stem>.safetensors}, if it is a real directory. */
    static Optional<Path> peftSibling(Path weights) {
        String fileName = weights.getFileName().toString();
        if (!fileName.endsWith(SAFETENSORS)) {
            return Optional.empty();
        }
        Path sibling = weights.resolveSibling(fileName.substring(0, fileName.length() - SAFETENSORS.length())
                + PEFT_SUFFIX);
        return Files.isDirectory(sibling, LinkOption.NOFOLLOW_LINKS) ? Optional.of(sibling) : Optional.empty();
    }

    /**
     * Copies the regular files directly inside the weights' PEFT sibling into {@code dir/peft}: staged in a hidden
     * directory, then renamed into place (an older copy, from a replayed registration, is moved away first).
     */
    private static void copyPeftExport(Path weights, Path dir) throws IOException {
        Optional<Path> sibling = peftSibling(weights);
        if (sibling.isEmpty()) {
            return;
        }
        Path staging = Files.createTempDirectory(dir, ".incoming-peft-");
        try {
            try (Stream<Path> files = Files.list(sibling.get())) {
                for (Path file : files.toList()) {
                    // Only plain files named inside the export: no links out of it, no nested directories.
                    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        Files.copy(file, staging.resolve(file.getFileName().toString()), LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
            Path target = dir.resolve(PEFT_DIR);
            Path old = null;
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                old = dir.resolve(".old-peft-" + UUID.randomUUID());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
        } finally {
            deleteTree(staging);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Path versionDir(String name, int version) {
        return SafePaths.resolveUnder(root, ModelNames.requireName(name), Integer.toString(version));
    }

    /** Refuses a source outside every source root, also when a link inside a root leads out of it. */
    private void requireUnderSourceRoot(Path source, String sourceUri) {
        Path normal = source.toAbsolutePath().normalize();
        for (Path sourceRoot : sourceRoots) {
            try {
                if (normal.startsWith(sourceRoot) && Files.isDirectory(sourceRoot)
                        && source.toRealPath().startsWith(sourceRoot.toRealPath())) {
                    return;
                }
            } catch (IOException e) {
                throw new ArtifactException("artifact " + sourceUri + " cannot be resolved: " + e, e);
            }
        }
        throw new ArtifactException("artifact " + sourceUri + " is outside the artifact source roots " + sourceRoots
                + " (tunestream.registry.artifact-source-roots); it is not copied", null);
    }

    private static Path sourcePath(String sourceUri) {
        try {
            URI uri = URI.create(sourceUri);
            if (!"file".equals(uri.getScheme())) {
                throw new ArtifactException("only file: artifact URIs can be stored, got " + sourceUri, null);
            }
            Path path = Path.of(uri);
            if (!Files.isRegularFile(path)) {
                throw new ArtifactException("artifact " + sourceUri + " is not a readable file", null);
            }
            return path;
        } catch (IllegalArgumentException e) {
            throw new ArtifactException("malformed artifact URI " + sourceUri + ": " + e.getMessage(), e);
        }
    }

    private static String fileName(Path source) {
        String name = source.getFileName().toString();
        return name.startsWith(".") ? "weights" + name : name;
    }

    private static String copyHashing(Path source, Path target) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static void deleteQuietly(Path partial, IOException failure) {
        if (partial == null) {
            return;
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
