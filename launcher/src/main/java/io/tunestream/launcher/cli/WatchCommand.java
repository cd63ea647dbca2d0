package io.tunestream.launcher.cli;

import java.time.Duration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tunestream watch JOB}: follows a training job live through the trainer's Server-Sent Events
 * ({@code GET /jobs/{id}/metrics}, so only the trainer's URL and a reader token are needed, no Kafka access): a
 * progress bar with step of total steps, loss, samples/s and ETA, until the job ends (exit 1 unless it succeeded).
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow a training job's live metrics (loss, samples/s, ETA) until it ends.")
public final class WatchCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "JOB", description = "The job id (see `tunestream jobs`).")
    String jobId;

    @Option(names = "--timeout", defaultValue = "0", paramLabel = "SECONDS",
            description = "Give up after this long (0: never).")
    long timeoutSeconds;

    @Mixin
    Connection connection;

    @Override
    int execute() throws InterruptedException {
        return TrainCommand.report(out(), err(), new JobStreamFollower(connection.client(Service.TRAINER))
                .follow(jobId, progressBar("train " + jobId), Duration.ofSeconds(timeoutSeconds)));
    }
}
