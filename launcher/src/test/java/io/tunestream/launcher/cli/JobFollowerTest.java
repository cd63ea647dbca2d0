package io.tunestream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.MetricKind;
import io.tunestream.events.TrainingMetric;
import io.tunestream.schemas.EpochFence;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `train --wait` and `watch` print beside the progress bar. */
class JobFollowerTest {

    private static final JobStatus RUNNING = JobStatus.newBuilder().setJobId("j").setState(JobState.RUNNING)
            .setUpdatedAt(Instant.EPOCH).build();

    @Test
    void shouldShowPerplexityAndTokensPerSecondWhenTheJobIsACausalLm() {
        // Given a causal-LM training point and an evaluation point
        TrainingMetric train = point(1.25, null, Map.of("train_perplexity", 3.4903), MetricKind.TRAIN);
        TrainingMetric eval = point(null, 0.5, Map.of("val_loss", 0.5, "val_perplexity", 1.6487), MetricKind.EVAL);

        // When / Then
        assertThat(JobFollower.describe(RUNNING, train)).isEqualTo("RUNNING  loss 1.2500  ppl 3.490  812 tokens/s  epoch 0.50");
        assertThat(JobFollower.describe(RUNNING, eval)).isEqualTo("RUNNING  val loss 0.5000  val ppl 1.649  812 tokens/s  epoch 0.50");
    }

    @Test
    void shouldShowSamplesPerSecondWhenTheJobIsAClassifier() {
        TrainingMetric train = point(0.6931, null, Map.of(), MetricKind.TRAIN);

        assertThat(JobFollower.describe(RUNNING, train)).isEqualTo("RUNNING  loss 0.6931  12.5 samples/s  epoch 0.50");
        assertThat(JobFollower.describe(RUNNING, null)).isEqualTo("RUNNING");
    }

    @Test
    void shouldKeepShowingTheNewerRunWhenASupersededWorkersStatusArrivesAfterIt() {
        // Given the follower showed the takeover run's status (epoch 1)
        EpochFence fence = new EpochFence();
        JobStatus newer = JobFollower.current(null, worker("b", 1, JobState.RUNNING), fence);

        // When the superseded worker's SUCCEEDED (epoch 0) is read after it, then the newer run's end
        JobStatus afterStale = JobFollower.current(newer, worker("a", 0, JobState.SUCCEEDED), fence);
        JobStatus afterEnd = JobFollower.current(afterStale, worker("b", 1, JobState.FAILED), fence);

        // Then the stale status never shows, and the job ends as the newer run says
        assertThat(afterStale).isSameAs(newer);
        assertThat(afterEnd.getState()).isEqualTo(JobState.FAILED);
        assertThat(afterEnd.getWorkerId()).isEqualTo("b");
    }

    private static JobStatus worker(String id, long epoch, JobState state) {
        return JobStatus.newBuilder(RUNNING).setWorkerId(id).setEpoch(epoch).setState(state).build();
    }

    private static TrainingMetric point(Double loss, Double valLoss, Map<String, Double> metrics, MetricKind kind) {
        return TrainingMetric.newBuilder().setJobId("j").setStep(10).setEpoch(0.5).setTrainLoss(loss).setValLoss(valLoss)
                .setValMetrics(metrics).setSamplesPerSecond(12.5).setTokensPerSecond(812).setKind(kind)
                .setProducedAt(Instant.EPOCH).build();
    }
}
