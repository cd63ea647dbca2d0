package io.tunestream.launcher.chaos;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tunestream.schemas.Topics;

/**
 * The registry's artifact store is full while it registers an evaluated model; space is freed afterwards. The
 * registration must not be lost: once there is room again, the job's model is registered, once.
 */
final class FullDiskFault {

    /** The model the disk fault's job registers (its own, so the fallback can block its directory). */
    static final String MODEL = "chaos-disk";
    /** How long the registry meets the full disk before space is freed. */
    private static final Duration FULL_FOR = Duration.ofSeconds(10);

    private final ChaosContext ctx;
    private final ArtifactDisk disk;

    FullDiskFault(ChaosContext ctx, ArtifactDisk disk) {
        this.ctx = ctx;
        this.disk = disk;
    }

    FaultResult run() throws IOException, InterruptedException {
        String version = preparedVersion();
        if (version == null) {
            return FaultResult.notRun(Fault.FULL_DISK, "no prepared dataset to train on");
        }
        String dlq = Topics.dlq(Topics.name(null, Topics.EVALUATIONS));
        long dlqBefore = ctx.probe().count(dlq);
        disk.fill();
        ModelWork work = new ModelWork(ctx);
        String jobId = "chaos-disk-" + ctx.runId();
        String refused = work.submit(jobId, MODEL, PipelineRound.DATASET, version, ctx.size().trainingSteps());
        if (refused != null) {
            disk.free();
            return FaultResult.notRun(Fault.FULL_DISK, refused);
        }
        if (work.evaluations(jobId, ctx.size().faultTimeout().multipliedBy(2)).isEmpty()) {
            disk.free();
            return FaultResult.notRun(Fault.FULL_DISK, "the job was never evaluated");
        }
        // the registry meets the full disk: wait for its answer (a version, a dead letter) or FULL_FOR
        long deadline = System.nanoTime() + FULL_FOR.toNanos();
        boolean registeredWhileFull = false;
        while (System.nanoTime() < deadline && ctx.probe().count(dlq) == dlqBefore && !registeredWhileFull) {
            registeredWhileFull = !work.versions(jobId, Duration.ZERO).isEmpty();
        }
        long t0 = System.nanoTime();
        disk.free();
        ctx.progress("disk: " + disk.describe() + ", freed");
        List<Integer> versions = work.versions(jobId, ctx.size().faultTimeout());
        List<String> failures = new ArrayList<>();
        if (registeredWhileFull) {
            failures.add("registered while the store was full: the fault did not reach the store");
        }
        if (versions.size() != 1) {
            failures.add(versions.isEmpty() ? "never registered after space was freed" : "registered "
                    + versions.size() + " versions, not 1");
        }
        long dead = ctx.probe().count(dlq) - dlqBefore;
        Duration recovery = versions.isEmpty() ? null : Duration.ofNanos(System.nanoTime() - t0);
        return new FaultResult(Fault.FULL_DISK, disk.describe() + " during the registration; then freed",
                new Counts(1, versions.size(), 0, 0, dead), recovery, failures);
    }

    /** A prepared version of this run: the SIGKILL round's if it got that far, else a new upload's. */
    private String preparedVersion() throws IOException, InterruptedException {
        String prepared = Topics.name(null, Topics.DATASETS_PREPARED);
        for (String round : List.of("-kill", "-term")) {
            String version = ctx.runId() + round;
            if (ctx.probe().version(prepared, PipelineRound.DATASET, version).seal() != null) {
                return version;
            }
        }
        String version = ctx.runId() + "-disk";
        HttpResponse<String> answer = new DatasetUpload(ctx).upload(PipelineRound.DATASET, version);
        boolean sealed = answer.statusCode() == 201 && ctx.probe().awaitSeal(prepared, PipelineRound.DATASET, version,
                ctx.size().faultTimeout()).seal() != null;
        return sealed ? version : null;
    }
}
