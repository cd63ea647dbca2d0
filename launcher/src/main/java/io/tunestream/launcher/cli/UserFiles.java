package io.tunestream.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files a person names on the command line. A relative path means the directory they typed the command in (the
 * {@code tunestream} script changes to the repository root and passes that directory as
 * {@value #CALLER_DIR_ENV}), and {@code -} means standard input.
 */
public final class UserFiles {

    /** Environment variable the {@code tunestream} script sets to the caller's working directory. */
    static final String CALLER_DIR_ENV = "TUNESTREAM_CALLER_DIR";

    private static final Path STDIN = Path.of("-");

    private UserFiles() {
    }

    /** True when {@code file} is {@code -}: read standard input. */
    static boolean isStdin(Path file) {
        return STDIN.equals(file);
    }

    /** {@code file} resolved against the caller's directory ({@code -} stays {@code -}). */
    public static Path resolve(Path file) {
        if (file == null || file.isAbsolute() || isStdin(file)) {
            return file;
        }
        String caller = System.getenv(CALLER_DIR_ENV);
        Path base = caller == null || caller.isBlank() ? Path.of("").toAbsolutePath() : Path.of(caller);
        return base.resolve(file).normalize();
    }

    /**
     * Opens {@code file} (already {@link #resolve resolved}) or standard input for {@code -}.
     *
     * @throws CliException (usage, exit 2) when the file does not exist or is not a regular file
     */
    static InputStream open(Path file) throws IOException {
        if (isStdin(file)) {
            return System.in;
        }
        requireFile(file);
        return Files.newInputStream(file);
    }

    /** Fails as a usage error (exit 2) unless {@code file} is a regular file. */
    static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException("no such file: " + file, CliException.USAGE);
        }
    }
}
