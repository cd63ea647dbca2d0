package io.tunestream.evaluator.domain;

import io.tunestream.evaluator.service.EvaluationFailedException;
import io.tunestream.events.Checkpoint;
import io.tunestream.model.events.CheckpointIntegrityException;
import io.tunestream.schemas.EpochFence;
import io.tunestream.schemas.ErrorClassifier;
import io.tunestream.schemas.Identifiers;
import io.tunestream.stage.DatasetUnavailableException;

import java.time.Duration;
import java.util.Optional;

/**
 * What the evaluator does with each checkpoint, pure: which checkpoints are refused (identifiers that would name
 * files), which complete checkpoints are evaluated now, later (a sweep trial, once its sweep chose it) or never
 * (and whose weights can go), what a sweep's choice of its best trial leads to, and what a failure means (one
 * {@link ErrorClassifier}: retry a transient failure a few times, dead-letter the rest with a reason), and which
 * checkpoint events are stale: written by a superseded run of their job, whose epoch is lower than the highest seen
 * for it ({@link EpochFence}). The checkpoint worker (messaging) only moves messages and files.
 */
public final class CheckpointRouting {

    /** Lineage config key naming the sweep of a trial (set by the trainer). */
    public static final String SWEEP_KEY = "sweep";
    /** Dead-letter reason of a checkpoint whose identifiers could name files outside their directory. */
    public static final String INVALID_IDENTIFIER = "INVALID_IDENTIFIER";
    /** Attempts at evaluating one checkpoint when failures are transient. */
    public static final int MAX_ATTEMPTS = 3;

    /** What to do with a complete checkpoint. */
    public enum Action {
        /** Evaluate it now. */
        EVALUATE,
        /** A sweep trial's final checkpoint: keep it until the sweep chooses its best trial. */
        AWAIT_SWEEP_CHOICE,
        /** Not evaluated. */
        SKIP
    }

    /**
     * The route of a complete checkpoint.
     *
     * @param action        what to do with it
     * @param deleteWeights whether its weights file can be deleted (an intermediate checkpoint nobody evaluates)
     */
    public record Route(Action action, boolean deleteWeights) {
    }

    /** What a sweep's choice of its best trial leads to. */
    public enum BestTrialStep {
        /** Evaluate the trial's final checkpoint (seen here, or reassembled from the log). */
        EVALUATE,
        /** Nothing: it was evaluated already, here or by an earlier instance. */
        NOTHING,
        /** Its final checkpoint has not arrived yet: evaluate it when it does. */
        AWAIT
    }

    /**
     * Facts about a best trial, asked lazily and in this order, since each costs more than the one before.
     */
    public interface BestTrialFacts {

        /** Whether this instance assembled the trial's final checkpoint. */
        boolean seenHere();

        /** Whether an evaluation of the trial is already on the evaluations topic (one partition read). */
        boolean evaluatedBefore();

        /** Whether the final checkpoint could be reassembled from the checkpoints topic (reads the job's chunks). */
        boolean recoveredFromLog();

        /** Whether this instance has already evaluated (or is evaluating) the final checkpoint. */
        boolean evaluatedHere();
    }

    /** What to do after a failed evaluation. */
    public enum FailureStep {
        /** Try the same checkpoint again. */
        RETRY,
        /** Dead-letter it with the verdict's reason. */
        DEAD_LETTER
    }

    private static final ErrorClassifier ERRORS = ErrorClassifier.builder()
            .poisonWhen(CheckpointIntegrityException.class, "CHECKPOINT_INTEGRITY")
            .permanentWhen(DatasetUnavailableException.class, d -> "DATASET_" + d.kind())
            .permanentWhen(EvaluationFailedException.class, "NOT_EVALUABLE")
            .kafkaDefaults("UNDECODABLE_CHECKPOINT")
            .otherwise(ErrorClassifier.Kind.PERMANENT, "EVALUATION_ERROR")
            .build();

    private final boolean evaluateEveryCheckpoint;
    private final EpochFence fence = new EpochFence();

    /** @param evaluateEveryCheckpoint evaluate intermediate checkpoints too (sweep trials excepted) */
    public CheckpointRouting(boolean evaluateEveryCheckpoint) {
        this.evaluateEveryCheckpoint = evaluateEveryCheckpoint;
    }

    /** The evaluator's error classifier: decoding, integrity, dataset and model failures. */
    public static ErrorClassifier errors() {
        return ERRORS;
    }

    /**
     * @return why the checkpoint is refused before anything is written for it: a job id, model name or checkpoint
     *     id that is not an identifier (they become directory and file names); empty when it is not refused
     */
    public Optional<String> invalidIdentifier(Checkpoint event) {
        return Identifiers.problem("jobId", event.getJobId())
                .or(() -> Identifiers.problem("modelName", event.getModelName()))
                .or(() -> Identifiers.problem("checkpointId", event.getCheckpointId()));
    }

    /**
     * Asks the fence about every checkpoint event (each chunk), in the order read.
     *
     * @return whether the event was written by a superseded run of its job (a lower epoch than the highest seen for
     *     it): it is ignored, neither assembled nor evaluated, and counted in {@link #staleCount()}
     */
    public boolean isStale(Checkpoint event) {
        return !fence.admit(event);
    }

    /** @return checkpoint events found stale so far */
    public long staleCount() {
        return fence.staleCount();
    }

    /**
     * @param header          the complete checkpoint's header event
     * @param chosenBestTrial whether its job is a sweep's best trial waiting for this checkpoint
     * @return the route: a sweep trial's final checkpoint is evaluated only once its sweep chose it (and awaits the
     *     choice otherwise); other final checkpoints are evaluated, intermediate ones only when every checkpoint
     *     is, and their weights deleted when not
     */
    public Route route(Checkpoint header, boolean chosenBestTrial) {
        boolean isFinal = header.getIsFinal();
        boolean deleteWeights = !isFinal && !evaluateEveryCheckpoint;
        if (isSweepTrial(header)) {
            Action action = !isFinal ? Action.SKIP : chosenBestTrial ? Action.EVALUATE : Action.AWAIT_SWEEP_CHOICE;
            return new Route(action, deleteWeights);
        }
        return new Route(isFinal || evaluateEveryCheckpoint ? Action.EVALUATE : Action.SKIP, deleteWeights);
    }

    /**
     * A sweep chose its best trial. Unless this instance saw the trial's final checkpoint, an evaluation published
     * earlier (by a previous run of this service) ends it; otherwise the checkpoint is reassembled from the log, or
     * awaited. A checkpoint at hand is evaluated unless this instance already did.
     */
    public BestTrialStep bestTrial(BestTrialFacts facts) {
        if (!facts.seenHere()) {
            if (facts.evaluatedBefore()) {
                return BestTrialStep.NOTHING;
            }
            if (!facts.recoveredFromLog()) {
                return BestTrialStep.AWAIT;
            }
        }
        return facts.evaluatedHere() ? BestTrialStep.NOTHING : BestTrialStep.EVALUATE;
    }

    /**
     * @param verdict the classified failure
     * @param attempt the attempt that failed, 1 for the first
     * @return RETRY for a transient failure before {@link #MAX_ATTEMPTS}, else DEAD_LETTER
     */
    public FailureStep afterFailure(ErrorClassifier.Verdict verdict, int attempt) {
        return !verdict.kind().deadLetters() && attempt < MAX_ATTEMPTS ? FailureStep.RETRY : FailureStep.DEAD_LETTER;
    }

    /**
     * How long to wait before trying again after a transient failure: 1 s after the first attempt, doubling after each
     * later one (1 s, 2 s with {@link #MAX_ATTEMPTS} 3), so that a short I/O or broker outage can pass.
     *
     * @param attempt the attempt that failed, 1 for the first
     */
    public static Duration retryPause(int attempt) {
        return Duration.ofSeconds(1L << Math.min(Math.max(attempt, 1) - 1, 5));
    }

    private static boolean isSweepTrial(Checkpoint header) {
        return header.getLineage() != null && header.getLineage().getConfig().get(SWEEP_KEY) != null;
    }
}
