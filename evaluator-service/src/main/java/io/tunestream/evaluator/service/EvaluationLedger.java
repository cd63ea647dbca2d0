package io.tunestream.evaluator.service;

import io.tunestream.events.Evaluation;
import io.tunestream.model.events.CheckpointAssembler.Assembled;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The evaluations the REST API answers for, by evaluation id: every evaluation on the evaluations topic (published by
 * any instance, before or since this one started), and what this instance is doing or failed to do; and the latest
 * complete final checkpoint of each job this instance assembled (so a job can be evaluated again on request). In
 * memory, rebuilt from the topic at start-up.
 */
public final class EvaluationLedger {

    /**
     * One evaluation's state.
     *
     * @param evaluationId its id
     * @param jobId the job
     * @param state PENDING, DONE or FAILED
     * @param event the published event (DONE)
     * @param error why it failed (FAILED)
     */
    public record Entry(String evaluationId, String jobId, String state, Evaluation event, String error) {
    }

    /** Sees how long each evaluation this instance ran took. */
    @FunctionalInterface
    public interface Timing {
        /** @param outcome {@code done} or {@code failed} */
        void finished(String outcome, Duration took);
    }

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final Map<String, Long> startedNanos = new ConcurrentHashMap<>();
    private final Timing timing;

    /** A ledger whose evaluations nobody times. */
    public EvaluationLedger() {
        this((outcome, took) -> { });
    }

    public EvaluationLedger(Timing timing) {
        this.timing = timing;
    }
    private final Map<String, Assembled> finalCheckpoints = new ConcurrentHashMap<>();

    /** Records a job's complete final checkpoint. */
    public void checkpoint(Assembled checkpoint) {
        if (checkpoint.header().getIsFinal()) {
            finalCheckpoints.put(checkpoint.header().getJobId(), checkpoint);
        }
    }

    /** @return the job's final checkpoint seen by this instance */
    public Optional<Assembled> finalCheckpoint(String jobId) {
        return Optional.ofNullable(finalCheckpoints.get(jobId));
    }

    /** Marks an evaluation as running. */
    public void pending(String evaluationId, String jobId) {
        byId.put(evaluationId, new Entry(evaluationId, jobId, "PENDING", null, null));
        startedNanos.put(evaluationId, System.nanoTime());
    }

    /** Records a published evaluation. */
    public void done(Evaluation event) {
        byId.put(event.getEvaluationId(), new Entry(event.getEvaluationId(), event.getJobId(), "DONE", event, null));
        finished(event.getEvaluationId(), "done");
    }

    /**
     * Records an evaluation read from the evaluations topic. What this instance knows of the same id and is newer
     * than the topic's history (a re-evaluation running, or failed) is kept.
     */
    public void published(Evaluation event) {
        Entry done = new Entry(event.getEvaluationId(), event.getJobId(), "DONE", event, null);
        byId.merge(event.getEvaluationId(), done, (mine, read) -> "DONE".equals(mine.state()) ? read : mine);
    }

    /** Records a failed evaluation. */
    public void failed(String evaluationId, String jobId, String error) {
        byId.put(evaluationId, new Entry(evaluationId, jobId, "FAILED", null, error));
        finished(evaluationId, "failed");
    }

    private void finished(String evaluationId, String outcome) {
        Long started = startedNanos.remove(evaluationId);
        if (started != null) {
            timing.finished(outcome, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** @return how many evaluations this instance is running now */
    public int running() {
        return startedNanos.size();
    }

    /** @return an evaluation's state */
    public Optional<Entry> get(String evaluationId) {
        return Optional.ofNullable(byId.get(evaluationId));
    }

    /** @return every evaluation known here */
    public List<Entry> all() {
        return List.copyOf(byId.values());
    }
}
