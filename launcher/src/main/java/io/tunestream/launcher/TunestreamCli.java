package io.tunestream.launcher;

import io.tunestream.launcher.chaos.ChaosCommand;
import io.tunestream.launcher.cli.CancelCommand;
import io.tunestream.launcher.cli.DatasetsCommand;
import io.tunestream.launcher.cli.DlqCommand;
import io.tunestream.launcher.cli.DownCommand;
import io.tunestream.launcher.cli.EvaluateCommand;
import io.tunestream.launcher.cli.JobsCommand;
import io.tunestream.launcher.cli.ModelsCommand;
import io.tunestream.launcher.cli.PromoteCommand;
import io.tunestream.launcher.cli.RecipesCommand;
import io.tunestream.launcher.cli.PublishCommand;
import io.tunestream.launcher.cli.RollbackCommand;
import io.tunestream.launcher.cli.SampleCommand;
import io.tunestream.launcher.cli.ScoreCommand;
import io.tunestream.launcher.cli.SweepCommand;
import io.tunestream.launcher.cli.TrainCommand;
import io.tunestream.launcher.cli.WatchCommand;
import io.tunestream.launcher.cli.GenerateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tunestream} command line. Each command is a picocli subcommand class; add new ones to
 * {@code subcommands} below.
 */
@Command(name = "tunestream", mixinStandardHelpOptions = true, version = "tunestream 0.1.0",
        description = "Event-driven fine-tuning of Transformers on Kafka.",
        subcommands = {UpCommand.class, DownCommand.class, SampleCommand.class, PublishCommand.class, DatasetsCommand.class,
                TrainCommand.class, JobsCommand.class, WatchCommand.class, CancelCommand.class, EvaluateCommand.class, ModelsCommand.class,
                PromoteCommand.class, RollbackCommand.class, ScoreCommand.class, GenerateCommand.class, SweepCommand.class, RecipesCommand.class, DemoCommand.class,
                DlqCommand.class,
                DataBenchmarkCommand.class, SweepBenchmarkCommand.class, ChaosCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failure (a service refused, a job failed, no stack running),",
                "2 invalid arguments. Commands find the stack through the file `tunestream up` writes",
                "(.tunestream/stack.json), or --bootstrap / --<service>-url for any cluster."})
public final class TunestreamCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        int code = cli.execute(args);
        // picocli's writers flush on println only: what a command print()ed last is lost to System.exit otherwise
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(code);
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
