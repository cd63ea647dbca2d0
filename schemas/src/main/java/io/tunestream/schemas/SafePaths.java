package io.tunestream.schemas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one way to turn identifiers into paths under a root: every segment must be a valid {@link Identifiers
 * identifier}, the resolved and normalised path must stay strictly under the root, and so must the real path of
 * its deepest existing part, so that a symbolic link inside the root that leads out of it is refused too (a
 * dangling link is refused: writing through it would create a file wherever it points).
 */
public final class SafePaths {

    /**
     * Longest path segment: a file-system name. Segments derived from an identifier (a checkpoint file
     * {@code <jobId>-step-12.safetensors}) may be longer than an identifier itself.
     */
    public static final int MAX_SEGMENT_LENGTH = 255;

    private SafePaths() {
    }

    /**
     * @param root the directory everything must stay under (need not exist yet)
     * @param segments one or more identifiers, e.g. a job id then a file name
     * @return the absolute, normalised path of the segments under the root
     * @throws Identifiers.InvalidIdentifierException when a segment is not an identifier
     * @throws UnsafePathException when the result, or the real path of its existing part, is not under the root
     */
    public static Path resolveUnder(Path root, String... segments) {
        if (segments.length == 0) {
            throw new IllegalArgumentException("at least one path segment is required under " + root);
        }
        Path base = root.toAbsolutePath().normalize();
        Path candidate = base;
        for (String segment : segments) {
            candidate = candidate.resolve(Identifiers.require("path segment", segment, MAX_SEGMENT_LENGTH));
        }
        candidate = candidate.normalize();
        if (!candidate.startsWith(base) || candidate.equals(base)) {
            throw new UnsafePathException(candidate + " is not under " + base);
        }
        requireRealPathUnder(base, candidate);
        return candidate;
    }

    /**
     * Deletes the tree at the segments under the root, if it exists; links inside it are removed, never followed.
     *
     * @return whether something was deleted
     * @throws UnsafePathException as {@link #resolveUnder}
     * @throws IOException when a file cannot be deleted
     */
    public static boolean deleteTreeUnder(Path root, String... segments) throws IOException {
        Path dir = resolveUnder(root, segments);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) { // walk does not follow links
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
        return true;
    }

    private static void requireRealPathUnder(Path base, Path candidate) {
        if (!Files.exists(base)) {
            return; // nothing under a missing root exists, so nothing can lead out of it
        }
        Path existing = candidate;
        while (existing != null && !existing.equals(base) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            Path realBase = base.toRealPath();
            Path real = existing == null ? null : existing.toRealPath();
            if (real == null || !real.startsWith(realBase)) {
                throw new UnsafePathException(candidate + " leads out of " + base + " (through " + existing + ")");
            }
        } catch (IOException e) {
            throw new UnsafePathException(candidate + " cannot be resolved under " + base + ": " + e.getMessage());
        }
    }

    /** A path that would leave its root. */
    public static final class UnsafePathException extends IllegalArgumentException {

        /** @param message what would escape, and from where */
        public UnsafePathException(String message) {
            super(message);
        }
    }
}
