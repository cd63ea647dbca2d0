package io.tunestream.launcher.cli;

/**
 * A failure the CLI reports as one line ({@code error: <message>}) on stderr with an exit code, never as a stack
 * trace: a service's refusal, an unreachable service, a job that failed.
 */
public class CliException extends RuntimeException {

    /** Exit code of a failed command. */
    public static final int FAILURE = 1;
    /** Exit code of a usage error (picocli's code for invalid input). */
    public static final int USAGE = 2;

    private final int exitCode;

    public CliException(String message) {
        this(message, FAILURE);
    }

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The process exit code this failure maps to. */
    public int exitCode() {
        return exitCode;
    }
}
