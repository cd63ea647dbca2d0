package io.tunestream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunestream.events.HyperParameters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetChecksTest {

    static PreparedDataset data(List<Example> train, List<Example> validation, Map<String, String> config) {
        return new PreparedDataset("d", "1", train, validation, config);
    }

    static void assertFails(PreparedDataset data, FailureReason reason, String message) {
        assertThatThrownBy(() -> DatasetChecks.labels(TinySpamData.request(HyperParameters.newBuilder().build()), data))
                .isInstanceOfSatisfying(JobFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void shouldFailWithReasonWhenTheDatasetIsEmptyTinyOrSingleClass() {
        Example spam = Example.labelled("win", "spam");
        assertFails(data(List.of(), List.of(spam), Map.of()), FailureReason.EMPTY_DATASET, "has no TRAIN records");
        assertFails(data(List.of(spam), List.of(), Map.of()), FailureReason.DATASET_TOO_SMALL, "at least 2");
        assertFails(data(List.of(spam, spam), List.of(), Map.of()), FailureReason.LABEL_MISMATCH, "single label [spam]");
        assertFails(data(List.of(spam, new Example("x", null, null)), List.of(), Map.of()), FailureReason.LABEL_MISMATCH,
                "needs a label on every record");
    }

    @Test
    void shouldComputeBalancedClassWeightsWhenTheSealAsksForThem() {
        // Given 3 ham, 1 spam and balance=class-weights
        List<Example> train = List.of(Example.labelled("a", "ham"), Example.labelled("b", "ham"),
                Example.labelled("c", "ham"), Example.labelled("d", "spam"));
        PreparedDataset data = data(train, List.of(), Map.of("balance", "class-weights"));
        var request = TinySpamData.request(HyperParameters.newBuilder().build());
        // When
        List<String> labels = DatasetChecks.labels(request, data);
        float[] weights = DatasetChecks.classWeights(request, data, labels);
        // Then: n / (k * count), as scikit-learn's "balanced"
        assertThat(labels).containsExactly("ham", "spam");
        assertThat(weights).containsExactly(4f / 6f, 2f);
    }

    @Test
    void shouldUseTheWeightsCleanSealedWhenTheSealCarriesThem() {
        // Given a TRAIN split of 3 ham and 1 spam, and weights clean computed over the whole cleaned dataset
        List<Example> train = List.of(Example.labelled("a", "ham"), Example.labelled("b", "ham"),
                Example.labelled("c", "ham"), Example.labelled("d", "spam"));
        PreparedDataset data = data(train, List.of(), Map.of("balance", "class-weights",
                "balance.class-weights", "ham=0.625,spam=2.5"));
        var request = TinySpamData.request(HyperParameters.newBuilder().build());
        // When
        float[] weights = DatasetChecks.classWeights(request, data, DatasetChecks.labels(request, data));
        // Then the sealed weights, not a recomputation over TRAIN (which would give 0.6667 and 2.0)
        assertThat(weights).containsExactly(0.625f, 2.5f);
    }

    @Test
    void shouldRefuseSealedWeightsThatNameOtherLabelsOrAreMalformed() {
        List<Example> train = List.of(Example.labelled("a", "ham"), Example.labelled("d", "spam"));
        var request = TinySpamData.request(HyperParameters.newBuilder().build());
        PreparedDataset other = data(train, List.of(), Map.of("balance", "class-weights",
                "balance.class-weights", "ham=1.0,phish=2.0"));
        PreparedDataset malformed = data(train, List.of(), Map.of("balance", "class-weights",
                "balance.class-weights", "ham=1.0,spam=-2"));
        assertThatThrownBy(() -> DatasetChecks.classWeights(request, other, List.of("ham", "spam")))
                .isInstanceOf(JobFailedException.class).hasMessageContaining("name labels [ham, phish]");
        assertThatThrownBy(() -> DatasetChecks.classWeights(request, malformed, List.of("ham", "spam")))
                .isInstanceOf(JobFailedException.class).hasMessageContaining("expected label=weight");
    }

    @Test
    void shouldRefuseClassWeightsWhoseLabelsDoNotMatchTheDataset() {
        List<Example> train = List.of(Example.labelled("a", "ham"), Example.labelled("d", "spam"));
        var request = TinySpamData.request(HyperParameters.newBuilder().setClassWeights(Map.of("ham", 1.0, "phish", 2.0)).build());
        assertThatThrownBy(() -> DatasetChecks.labels(request, data(train, List.of(), Map.of())))
                .isInstanceOf(JobFailedException.class).hasMessageContaining("classWeights name labels [ham, phish]");
    }

    @Test
    void shouldReduceTheBatchAndSayWhyWhenTheTrainSplitIsSmallerThanOneBatch() {
        TrainingPlan plan = TrainingPlan.of(HyperParameters.newBuilder().setBatchSize(16).setEpochs(2).build(), 5);
        assertThat(plan.microBatch()).isEqualTo(5);
        assertThat(plan.totalSteps()).isEqualTo(2);
        assertThat(plan.note()).isEqualTo("batch size reduced from 16 to 5: the train split has only 5 records");
    }
}
