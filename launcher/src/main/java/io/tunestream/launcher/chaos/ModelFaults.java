package io.tunestream.launcher.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tunestream.events.Checkpoint;
import io.tunestream.events.Evaluation;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.schemas.Topics;

/**
 * Faults of the model side, each hitting one service while it works on the round's job: the trainer once the
 * job's first checkpoint is out, the evaluator once the final checkpoint is out (it is evaluating it), the
 * registry once the evaluation is out (it is registering it). Each checks that the work finished exactly once.
 */
final class ModelFaults {

    private final ChaosContext ctx;
    private final ModelWork work;
    private final String jobId;

    ModelFaults(ChaosContext ctx, String jobId) {
        this.ctx = ctx;
        this.work = new ModelWork(ctx);
        this.jobId = jobId;
    }

    /** Stops the trainer mid-job and checks the job ends SUCCEEDED, once, with one final checkpoint. */
    FaultResult trainer(Fault fault) throws InterruptedException {
        List<Checkpoint> first = work.checkpoints(jobId, false, ctx.size().faultTimeout());
        if (first.isEmpty()) {
            return FaultResult.notRun(fault, "the job published no checkpoint within " + ctx.size().faultTimeout());
        }
        String dlq = Topics.dlq(Topics.name(null, Topics.TRAINING_REQUESTS));
        long dlqBefore = ctx.probe().count(dlq);
        long t0 = System.nanoTime();
        ServiceStop stop = ServiceStop.apply(ctx, "trainer-service", fault.signal());
        List<JobStatus> statuses = work.statuses(jobId, ctx.size().faultTimeout());
        List<String> failures = new ArrayList<>(stop.failures());
        JobStatus last = statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
        boolean ended = last != null && ModelWork.terminal(last);
        long succeeded = statuses.stream().filter(s -> s.getState() == JobState.SUCCEEDED).count();
        if (!ended) {
            failures.add("the job did not finish within " + ctx.size().faultTimeout().toSeconds() + " s"
                    + (last == null ? "" : " (last status " + last.getState() + " at step " + last.getStep() + ": "
                    + last.getMessage() + ")"));
        } else if (last.getState() != JobState.SUCCEEDED) {
            failures.add("the job ended " + last.getState() + ": " + last.getMessage());
        }
        if (succeeded > 1) {
            failures.add("the job finished " + succeeded + " times");
        }
        long finals = work.checkpoints(jobId, true, Duration.ZERO).stream().filter(Checkpoint::getIsFinal)
                .map(Checkpoint::getCheckpointId).distinct().count();
        if (ended && finals != 1) {
            failures.add(finals + " final checkpoints, not 1");
        }
        long dead = ctx.probe().count(dlq) - dlqBefore;
        Duration recovery = ended ? Duration.ofNanos(System.nanoTime() - t0) : null;
        String happened = "at step " + first.get(first.size() - 1).getStep() + "; " + stop.happened();
        return new FaultResult(fault, happened, new Counts(1, succeeded, 0, 0, dead), recovery, failures);
    }

    /** Stops the evaluator while it evaluates the final checkpoint and checks the job is evaluated once. */
    FaultResult evaluator(Fault fault) throws InterruptedException {
        if (work.checkpoints(jobId, true, ctx.size().faultTimeout()).stream().noneMatch(Checkpoint::getIsFinal)) {
            return FaultResult.notRun(fault, "no final checkpoint of the job to evaluate");
        }
        boolean doneBefore = !work.evaluations(jobId, Duration.ZERO).isEmpty();
        String dlq = Topics.dlq(Topics.name(null, Topics.TRAINING_CHECKPOINTS));
        long dlqBefore = ctx.probe().count(dlq);
        long t0 = System.nanoTime();
        ServiceStop stop = ServiceStop.apply(ctx, "evaluator-service", fault.signal());
        List<Evaluation> evaluations = once(work.evaluations(jobId, ctx.size().faultTimeout()),
                () -> work.evaluations(jobId, Duration.ZERO));
        return result(fault, stop, t0, (doneBefore ? "after it evaluated; " : "mid-evaluation; ") + stop.happened(),
                evaluations.size(), dlq, dlqBefore, "evaluated");
    }

    /** Stops the registry while it registers the job's evaluation and checks one model version comes of it. */
    FaultResult registry(Fault fault) throws InterruptedException {
        if (work.evaluations(jobId, ctx.size().faultTimeout()).isEmpty()) {
            return FaultResult.notRun(fault, "no evaluation of the job to register");
        }
        boolean doneBefore = !work.versions(jobId, Duration.ZERO).isEmpty();
        String dlq = Topics.dlq(Topics.name(null, Topics.EVALUATIONS));
        long dlqBefore = ctx.probe().count(dlq);
        long t0 = System.nanoTime();
        ServiceStop stop = ServiceStop.apply(ctx, "registry-service", fault.signal());
        List<Integer> versions = once(work.versions(jobId, ctx.size().faultTimeout()),
                () -> work.versions(jobId, Duration.ZERO));
        return result(fault, stop, t0, (doneBefore ? "after it registered; " : "mid-registration; ") + stop.happened(),
                versions.size(), dlq, dlqBefore, "registered as a version");
    }

    private FaultResult result(Fault fault, ServiceStop stop, long t0, String happened, int done, String dlq,
            long dlqBefore, String what) {
        List<String> failures = new ArrayList<>(stop.failures());
        if (done != 1) {
            failures.add("the job was " + what + " " + done + " times, not once");
        }
        long dead = ctx.probe().count(dlq) - dlqBefore;
        Duration recovery = done > 0 ? Duration.ofNanos(System.nanoTime() - t0) : null;
        return new FaultResult(fault, happened, new Counts(1, done, 0, 0, dead), recovery, failures);
    }

    /** What was found, after a short wait for a duplicate (a replay right after the restart would add one). */
    private static <T> List<T> once(List<T> found, Snapshot<T> again) throws InterruptedException {
        if (found.isEmpty()) {
            return found;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        List<T> latest = found;
        while (latest.size() <= 1 && System.nanoTime() < deadline) {
            Thread.sleep(300);
            latest = again.take();
        }
        return latest;
    }

    /** One more look at the topic. */
    private interface Snapshot<T> {
        List<T> take() throws InterruptedException;
    }
}
