package io.tunestream.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tunestream} command line. Each command is a picocli subcommand class; add new ones to
 * {@code subcommands} below.
 */
@Command(name = "tunestream", mixinStandardHelpOptions = true, version = "tunestream 0.1.0",
        description = "Event-driven fine-tuning of Transformers on Kafka.",
        subcommands = {UpCommand.class, DemoCommand.class, DataBenchmarkCommand.class, CommandLine.HelpCommand.class})
public final class TunestreamCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new TunestreamCli());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
