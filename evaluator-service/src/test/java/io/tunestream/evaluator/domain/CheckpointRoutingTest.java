package io.tunestream.evaluator.domain;

import io.tunestream.evaluator.service.EvaluationFailedException;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.CheckpointStorage;
import io.tunestream.events.Lineage;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Task;
import io.tunestream.model.events.CheckpointIntegrityException;
import io.tunestream.schemas.ErrorClassifier;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.stage.DatasetUnavailableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every branch of the evaluator's checkpoint routing, without a broker or a model. */
class CheckpointRoutingTest {

    private final CheckpointRouting finalOnly = new CheckpointRouting(false);
    private final CheckpointRouting everyCheckpoint = new CheckpointRouting(true);

    private static Checkpoint checkpoint(String jobId, boolean isFinal, Map<String, String> lineageConfig) {
        return Checkpoint.newBuilder().setCheckpointId(jobId + (isFinal ? "-final" : "-step-10")).setJobId(jobId)
                .setModelName("spam").setStep(10).setIsFinal(isFinal).setTask(Task.CLASSIFICATION)
                .setMethod(MethodConfig.newBuilder().setType(Method.LORA).build()).setLabels(List.of("ham", "spam"))
                .setStorage(CheckpointStorage.INLINE).setSha256("00").setSizeBytes(1)
                .setLineage(Lineage.newBuilder().setDatasetId("d").setDatasetVersion("v1").setJobId(jobId)
                        .setBaseModel("bundled:all-minilm-l6-v2").setConfig(lineageConfig).build())
                .setProducedAt(Instant.EPOCH).build();
    }

    private static Checkpoint job(boolean isFinal) {
        return checkpoint("job-1", isFinal, Map.of());
    }

    private static Checkpoint trial(boolean isFinal) {
        return checkpoint("sweep-1-t0", isFinal, Map.of(CheckpointRouting.SWEEP_KEY, "sweep-1"));
    }

    @Test
    void shouldIgnoreAStaleRunsCheckpointWrittenAfterANewerEpochsOne() {
        // Given the job's takeover run (epoch 1) wrote its checkpoint of step 10
        assertThat(finalOnly.isStale(epoch(job(false), 1))).isFalse();

        // When the superseded run (epoch 0) writes its final checkpoint after it
        boolean stale = finalOnly.isStale(epoch(job(true), 0));

        // Then it is stale and counted, while the newer run's final checkpoint and other jobs' epoch 0 are not
        assertThat(stale).isTrue();
        assertThat(finalOnly.staleCount()).isEqualTo(1);
        assertThat(finalOnly.isStale(epoch(job(true), 1))).isFalse();
        assertThat(finalOnly.isStale(epoch(trial(true), 0))).isFalse();
    }

    @Test
    void shouldTakeCheckpointsWrittenBeforeEpochsExistedAsEpochZero() {
        // Then an old event reads epoch 0, current until a takeover is seen
        assertThat(job(true).getEpoch()).isZero();
        assertThat(finalOnly.isStale(job(false))).isFalse();
        assertThat(finalOnly.isStale(epoch(job(false), 2))).isFalse();
        assertThat(finalOnly.isStale(job(true))).isTrue();
    }

    private static Checkpoint epoch(Checkpoint checkpoint, long epoch) {
        return Checkpoint.newBuilder(checkpoint).setEpoch(epoch).build();
    }

    @Test
    void shouldEvaluateAFinalCheckpointAndKeepItsWeights() {
        assertThat(finalOnly.route(job(true), false))
                .isEqualTo(new CheckpointRouting.Route(CheckpointRouting.Action.EVALUATE, false));
    }

    @Test
    void shouldSkipAndDeleteAnIntermediateCheckpointWhenOnlyFinalOnesAreEvaluated() {
        assertThat(finalOnly.route(job(false), false))
                .isEqualTo(new CheckpointRouting.Route(CheckpointRouting.Action.SKIP, true));
    }

    @Test
    void shouldEvaluateAndKeepAnIntermediateCheckpointWhenEveryCheckpointIsEvaluated() {
        assertThat(everyCheckpoint.route(job(false), false))
                .isEqualTo(new CheckpointRouting.Route(CheckpointRouting.Action.EVALUATE, false));
    }

    @Test
    void shouldAwaitTheSweepsChoiceWhenATrialsFinalCheckpointArrivesFirst() {
        assertThat(finalOnly.route(trial(true), false))
                .isEqualTo(new CheckpointRouting.Route(CheckpointRouting.Action.AWAIT_SWEEP_CHOICE, false));
    }

    @Test
    void shouldEvaluateATrialsFinalCheckpointWhenItsSweepAlreadyChoseIt() {
        assertThat(finalOnly.route(trial(true), true))
                .isEqualTo(new CheckpointRouting.Route(CheckpointRouting.Action.EVALUATE, false));
    }

    @Test
    void shouldNeverEvaluateATrialsIntermediateCheckpointEvenWhenEveryCheckpointIsEvaluated() {
        assertThat(everyCheckpoint.route(trial(false), false).action()).isEqualTo(CheckpointRouting.Action.SKIP);
        assertThat(finalOnly.route(trial(false), false).deleteWeights()).isTrue();
    }

    @Test
    void shouldRefuseACheckpointWhoseIdentifiersCouldNameAnotherDirectory() {
        assertThat(finalOnly.invalidIdentifier(checkpoint("..", true, Map.of()))).hasValueSatisfying(
                p -> assertThat(p).startsWith("jobId"));
        assertThat(finalOnly.invalidIdentifier(Checkpoint.newBuilder(job(true)).setModelName("a/b").build()))
                .hasValueSatisfying(p -> assertThat(p).startsWith("modelName"));
        assertThat(finalOnly.invalidIdentifier(job(true))).isEmpty();
    }

    /** Facts that record which were asked. */
    private static final class Facts implements CheckpointRouting.BestTrialFacts {
        final boolean seen;
        final boolean before;
        final boolean recovered;
        final boolean here;
        final List<String> asked = new ArrayList<>();

        Facts(boolean seen, boolean before, boolean recovered, boolean here) {
            this.seen = seen;
            this.before = before;
            this.recovered = recovered;
            this.here = here;
        }

        @Override
        public boolean seenHere() {
            asked.add("seen");
            return seen;
        }

        @Override
        public boolean evaluatedBefore() {
            asked.add("before");
            return before;
        }

        @Override
        public boolean recoveredFromLog() {
            asked.add("recovered");
            return recovered;
        }

        @Override
        public boolean evaluatedHere() {
            asked.add("here");
            return here;
        }
    }

    @Test
    void shouldEvaluateTheBestTrialAtOnceWhenItsFinalCheckpointWasSeenHere() {
        Facts facts = new Facts(true, false, false, false);

        assertThat(finalOnly.bestTrial(facts)).isEqualTo(CheckpointRouting.BestTrialStep.EVALUATE);
        assertThat(facts.asked).containsExactly("seen", "here");
    }

    @Test
    void shouldDoNothingWhenTheSeenBestTrialWasAlreadyEvaluatedHere() {
        assertThat(finalOnly.bestTrial(new Facts(true, false, false, true)))
                .isEqualTo(CheckpointRouting.BestTrialStep.NOTHING);
    }

    @Test
    void shouldDoNothingWithoutReadingCheckpointsWhenAnEarlierRunPublishedTheEvaluation() {
        // Given a restarted evaluator that did not see the trial, whose earlier run evaluated it
        Facts facts = new Facts(false, true, true, false);

        // Then the cheap evaluations check ends it: the checkpoints topic is never read
        assertThat(finalOnly.bestTrial(facts)).isEqualTo(CheckpointRouting.BestTrialStep.NOTHING);
        assertThat(facts.asked).containsExactly("seen", "before");
    }

    @Test
    void shouldEvaluateTheBestTrialReassembledFromTheLogWhenThisInstanceMissedIt() {
        Facts facts = new Facts(false, false, true, false);

        assertThat(finalOnly.bestTrial(facts)).isEqualTo(CheckpointRouting.BestTrialStep.EVALUATE);
        assertThat(facts.asked).containsExactly("seen", "before", "recovered", "here");
    }

    @Test
    void shouldAwaitTheBestTrialsFinalCheckpointWhenTheLogHasNoneYet() {
        assertThat(finalOnly.bestTrial(new Facts(false, false, false, false)))
                .isEqualTo(CheckpointRouting.BestTrialStep.AWAIT);
    }

    @Test
    void shouldNameTheDeadLetterReasonOfEachEvaluationFailure() {
        ErrorClassifier errors = CheckpointRouting.errors();

        assertThat(errors.classify(new DatasetUnavailableException(DatasetUnavailableException.Kind.INCOMPLETE, "x")))
                .extracting(ErrorClassifier.Verdict::kind, ErrorClassifier.Verdict::reason)
                .containsExactly(ErrorClassifier.Kind.PERMANENT, "DATASET_INCOMPLETE");
        assertThat(errors.classify(new EvaluationFailedException("no TEST records")).reason())
                .isEqualTo("NOT_EVALUABLE");
        assertThat(errors.classify(new IllegalArgumentException("shape mismatch")))
                .extracting(ErrorClassifier.Verdict::kind, ErrorClassifier.Verdict::reason)
                .containsExactly(ErrorClassifier.Kind.PERMANENT, "EVALUATION_ERROR");
    }

    @Test
    void shouldCallUndecodableAndCorruptCheckpointsPoison() {
        ErrorClassifier errors = CheckpointRouting.errors();

        assertThat(errors.classify(new EventDecodingException(EventDecodingException.Reason.BAD_HEADER, "Checkpoint", "not Avro", null)))
                .extracting(ErrorClassifier.Verdict::kind, ErrorClassifier.Verdict::reason)
                .containsExactly(ErrorClassifier.Kind.POISON, "UNDECODABLE_CHECKPOINT");
        assertThat(errors.classify(new CheckpointIntegrityException("checksum mismatch")))
                .extracting(ErrorClassifier.Verdict::kind, ErrorClassifier.Verdict::reason)
                .containsExactly(ErrorClassifier.Kind.POISON, "CHECKPOINT_INTEGRITY");
    }

    @Test
    void shouldRetryATransientFailureTwiceThenDeadLetterIt() {
        ErrorClassifier.Verdict timeout = CheckpointRouting.errors()
                .classify(new RuntimeException("reading the dataset", new TimeoutException("broker away")));
        ErrorClassifier.Verdict notEvaluable = CheckpointRouting.errors()
                .classify(new EvaluationFailedException("model does not load"));

        assertThat(timeout.kind()).isEqualTo(ErrorClassifier.Kind.TRANSIENT);
        assertThat(finalOnly.afterFailure(timeout, 1)).isEqualTo(CheckpointRouting.FailureStep.RETRY);
        assertThat(finalOnly.afterFailure(timeout, 2)).isEqualTo(CheckpointRouting.FailureStep.RETRY);
        assertThat(finalOnly.afterFailure(timeout, CheckpointRouting.MAX_ATTEMPTS))
                .isEqualTo(CheckpointRouting.FailureStep.DEAD_LETTER);
        assertThat(finalOnly.afterFailure(notEvaluable, 1)).isEqualTo(CheckpointRouting.FailureStep.DEAD_LETTER);
    }

    @Test
    void shouldWaitLongerBeforeEachRetryWithinABound() {
        assertThat(CheckpointRouting.retryPause(1)).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(CheckpointRouting.retryPause(2)).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(CheckpointRouting.retryPause(3)).isEqualTo(java.time.Duration.ofSeconds(4));
        assertThat(CheckpointRouting.retryPause(0)).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(CheckpointRouting.retryPause(100)).isEqualTo(java.time.Duration.ofSeconds(32));
    }
}
