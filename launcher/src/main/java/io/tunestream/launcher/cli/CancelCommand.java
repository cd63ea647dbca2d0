package io.tunestream.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tunestream cancel JOB}: asks the trainer to cancel a queued or running job. The worker running it stops at
 * its next step and the job ends CANCELLED; a job that has already ended is refused (exit 1, the trainer's 409).
 */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a queued or running training job.",
                "The worker stops at its next step; the job's status becomes CANCELLED."})
public final class CancelCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "JOB", description = "The job id (see `tunestream jobs`).")
    String jobId;

    @Mixin
    Connection connection;

    @Override
    int execute() throws Exception {
        ServiceClient trainer = connection.client(Service.TRAINER);
        trainer.expectOk(trainer.delete("/jobs/" + ModelsCommand.encode(jobId)));
        out().println("job " + jobId + " cancelled");
        return 0;
    }
}
