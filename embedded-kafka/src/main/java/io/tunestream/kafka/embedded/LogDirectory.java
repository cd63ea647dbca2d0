package io.tunestream.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.LoggerFactory;

/** The broker's log directory: a given one (kept) or a unique temporary one (deleted on {@link #release()}). */
final class LogDirectory {

    static final String TEMP_PREFIX = "tunestream-kafka-";

    private final Path path;
    private final boolean temporary;

    private LogDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    static LogDirectory of(Path given) {
        try {
            if (given != null) {
                return new LogDirectory(Files.createDirectories(given), false);
            }
            Path temp = Files.createTempDirectory(TEMP_PREFIX);
            AbandonedLogDirectories.sweep(temp.getParent(), TEMP_PREFIX);
            return new LogDirectory(temp, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker log directory", e);
        }
    }

    Path path() {
        return path;
    }

    boolean isFormatted() {
        return Files.exists(path.resolve("meta.properties"));
    }

    void release() {
        if (temporary) {
            deleteRecursively(path);
        }
    }

    /** Deletes {@code root} and everything below; walks again if a late writer added a file meanwhile. */
    static void deleteRecursively(Path root) {
        for (int attempt = 0; attempt < 3 && Files.exists(root); attempt++) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a file vanished or appeared during the walk: walk again
            }
        }
        if (Files.exists(root)) {
            LoggerFactory.getLogger(LogDirectory.class).warn("could not delete the broker log directory {}", root);
        }
    }
}
