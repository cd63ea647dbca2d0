package io.tunestream.launcher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import io.tunestream.launcher.TunestreamCli;
import picocli.CommandLine;

/** One CLI invocation in this JVM, with what it printed. */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code tunestream args...} with captured stdout/stderr. */
    static CliRun of(String... args) {
        CommandLine cli = TunestreamCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** {@code args} followed by {@code more}. */
    static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
