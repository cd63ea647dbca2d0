package io.tunestream.evaluator.service;

import io.tunestream.events.Evaluation;
import io.tunestream.model.events.CheckpointAssembler.Assembled;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this evaluator instance has done, for its REST API: every evaluation it published or failed (by
 * evaluation id), and the latest complete final checkpoint of each job (so a job can be evaluated again on
 * request). In memory: the events themselves are on the evaluations topic.
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

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
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
    }

    /** Records a published evaluation. */
    public void done(Evaluation event) {
        byId.put(event.getEvaluationId(), new Entry(event.getEvaluationId(), event.getJobId(), "DONE", event, null));
    }

    /** Records a failed evaluation. */
    public void failed(String evaluationId, String jobId, String error) {
        byId.put(evaluationId, new Entry(evaluationId, jobId, "FAILED", null, error));
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
