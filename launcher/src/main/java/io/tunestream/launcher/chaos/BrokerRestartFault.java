package io.tunestream.launcher.chaos;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker restarts (SIGTERM, then a new process on the same port and log directory) right after a dataset
 * version was uploaded, while clean, split and augment work on it with open transactions. The version must still
 * come out prepared, once, with every record accounted for at every stage.
 */
final class BrokerRestartFault {

    private final ChaosContext ctx;

    BrokerRestartFault(ChaosContext ctx) {
        this.ctx = ctx;
    }

    FaultResult run() throws IOException, InterruptedException {
        String version = ctx.runId() + "-broker";
        HttpResponse<String> answer = new DatasetUpload(ctx).upload(PipelineRound.DATASET, version);
        if (answer.statusCode() != 201) {
            return FaultResult.notRun(Fault.BROKER_RESTART, "ingest refused the upload: HTTP " + answer.statusCode());
        }
        long t0 = System.nanoTime();
        List<String> failures = new ArrayList<>();
        String happened;
        try {
            ctx.stack().restartBroker(ChaosContext.READY_TIMEOUT);
            happened = String.format("restarted under load in %.1fs (same port, same log dir)",
                    (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException e) {
            failures.add("the broker did not start again: " + e.getMessage());
            happened = "restart failed";
        }
        ctx.progress("broker: " + happened);
        List<DataStageFaults.Stage> stages = new ArrayList<>();
        stages.add(DataStageFaults.INGEST);
        stages.addAll(DataStageFaults.STAGES);
        return new DataStageFaults(ctx, PipelineRound.DATASET, version).pipeline(Fault.BROKER_RESTART, stages, t0, -1,
                happened, failures);
    }
}
