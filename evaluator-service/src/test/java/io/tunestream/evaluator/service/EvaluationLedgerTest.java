package io.tunestream.evaluator.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.evaluator.it.CheckpointEvents;
import io.tunestream.events.Evaluation;
import io.tunestream.events.Task;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationLedgerTest {

    private final EvaluationLedger ledger = new EvaluationLedger();

    @Test
    void shouldTimeOnlyTheEvaluationsThisInstanceRanWhenTheyEnd() {
        // Given
        java.util.List<String> timed = new java.util.ArrayList<>();
        EvaluationLedger timedLedger = new EvaluationLedger((outcome, took) -> {
            assertThat(took.isNegative()).isFalse();
            timed.add(outcome);
        });
        timedLedger.pending("eval-j1", "j1");
        timedLedger.pending("eval-j2", "j2");
        // When: one done, one failed, and one read from the topic that this instance never ran
        timedLedger.done(evaluation("j1", 0.9));
        timedLedger.failed("eval-j2", "j2", "NOT_EVALUABLE: no test split");
        timedLedger.published(evaluation("j3", 0.7));
        // Then
        assertThat(timed).containsExactly("done", "failed");
    }

    @Test
    void shouldAnswerForAnEvaluationReadFromTheTopicWhenThisInstanceNeverMadeIt() {
        // When
        ledger.published(evaluation("j1", 0.9));
        // Then
        assertThat(ledger.get("eval-j1")).hasValueSatisfying(e -> {
            assertThat(e.state()).isEqualTo("DONE");
            assertThat(e.jobId()).isEqualTo("j1");
            assertThat(e.event().getMetrics()).containsEntry("accuracy", 0.9);
        });
        assertThat(ledger.all()).hasSize(1);
    }

    @Test
    void shouldKeepItsOwnRunningOrFailedReevaluationWhenTheTopicDeliversTheEarlierEvaluation() {
        // Given re-evaluations of two jobs evaluated before: one running, one failed
        ledger.pending("eval-j1", "j1");
        ledger.failed("eval-j2", "j2", "DATASET_UNKNOWN: gone");
        // When the topic delivers the earlier evaluations of both
        ledger.published(evaluation("j1", 0.9));
        ledger.published(evaluation("j2", 0.8));
        // Then this instance's newer states stand
        assertThat(ledger.get("eval-j1")).hasValueSatisfying(e -> assertThat(e.state()).isEqualTo("PENDING"));
        assertThat(ledger.get("eval-j2")).hasValueSatisfying(e -> assertThat(e.error()).contains("gone"));
    }

    @Test
    void shouldTakeTheLatestPublishedEvaluationOfAnId() {
        // Given a done evaluation, evaluated again later (same id) and published
        ledger.done(evaluation("j1", 0.9));
        // When
        ledger.published(evaluation("j1", 0.95));
        // Then
        assertThat(ledger.get("eval-j1")).hasValueSatisfying(e -> assertThat(e.event().getMetrics())
                .containsEntry("accuracy", 0.95));
    }

    private static Evaluation evaluation(String jobId, double accuracy) {
        return Evaluation.newBuilder().setEvaluationId("eval-" + jobId).setCheckpointId(jobId + "-final")
                .setJobId(jobId).setModelName("spam").setTask(Task.CLASSIFICATION).setTestRecords(10)
                .setMetrics(Map.of("accuracy", accuracy)).setBlessed(true)
                .setLineage(CheckpointEvents.lineage("ds", "v1", jobId)).setProducedAt(Instant.now()).build();
    }
}
