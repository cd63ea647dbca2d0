package io.tunestream.launcher.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the CLI's subcommands: writes through picocli's out/err (so tests can capture them) and turns a
 * {@link CliException} or an I/O failure into {@code error: ...} on stderr and an exit code.
 */
abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Does the work; returns the exit code. */
    abstract int execute() throws Exception;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (picocli.CommandLine.ParameterException e) {
            throw e; // picocli prints it with the usage and exits 2
        } catch (CliException e) {
            err().println("error: " + e.getMessage());
            return e.exitCode();
        } catch (IOException | UncheckedIOException e) {
            err().println("error: " + e.getMessage());
            return CliException.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err().println("error: interrupted");
            return CliException.FAILURE;
        } catch (Exception e) {
            err().println("error: " + e);
            return CliException.FAILURE;
        } finally {
            // picocli's writers flush on println only: output ending in print() would die with the JVM
            out().flush();
            err().flush();
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A progress bar on stderr, redrawn in place on a terminal, periodic plain lines otherwise. */
    ProgressBar progressBar(String task) {
        return new ProgressBar(err(), System.console() != null, task);
    }
}
