package io.tunestream.kafka.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes temporary broker directories left behind by JVMs that were killed before they could clean up. A broker
 * holds an OS file lock on its directory's {@code .lock} file while it runs (Kafka's LogManager takes it) and the OS
 * drops the lock when the process dies, so a directory whose lock can be taken is no one's.
 */
final class AbandonedLogDirectories {

    /** A directory younger than this may belong to a broker that is still formatting, before it takes the lock. */
    private static final Duration MIN_AGE = Duration.ofMinutes(2);

    private AbandonedLogDirectories() {
    }

    /** Deletes abandoned {@code prefix*} directories under {@code parent}; never throws. */
    static void sweep(Path parent, String prefix) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path dir : dirs) {
                if (isAbandoned(dir)) {
                    LogDirectory.deleteRecursively(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a directory we cannot read or lock is left alone
        }
    }

    private static boolean isAbandoned(Path dir) throws IOException {
        Path lockFile = dir.resolve(".lock");
        if (!Files.isDirectory(dir) || !Files.isRegularFile(lockFile)
                || Files.getLastModifiedTime(dir).toInstant().isAfter(Instant.now().minus(MIN_AGE))) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock != null;
        } catch (OverlappingFileLockException e) {
            return false; // a broker of this JVM holds it
        }
    }
}
