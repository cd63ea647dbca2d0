package io.tunestream.trainer.sweep;

import io.tunestream.events.HyperParameters;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.SentencePooling;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.TrainingRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A trial's training request keeps every field of the sweep's base that the trial does not search. */
class TrialRequestsTest {

    @Test
    void shouldKeepThePoolingAndUnsearchedFieldsWhenATrialRequestIsBuilt() {
        // Given a sweep whose base job sets pooling, target modules, a clip norm and class weights
        SweepRequest sweep = SweepFixtures.request().setPooling(SentencePooling.CLS)
                .setMethod(MethodConfig.newBuilder().setType(Method.LORA).setTargetModules(List.of("query", "value"))
                        .setLoraRank(4).build())
                .setHyperParameters(HyperParameters.newBuilder().setClipNorm(0.5)
                        .setClassWeights(Map.of("spam", 2.0, "ham", 1.0)).setLearningRate(1e-4).build())
                .build();

        // When trial 3 searches the learning rate and the LoRA rank
        TrainingRequest trial = TrialRequests.trialRequest(sweep, 3, Map.of("learningRate", "0.001", "loraRank", "16"));

        // Then the searched fields change and the others survive the copy
        assertThat(trial.getPooling()).isEqualTo(SentencePooling.CLS);
        assertThat(trial.getHyperParameters().getLearningRate()).isEqualTo(0.001);
        assertThat(trial.getMethod().getLoraRank()).isEqualTo(16);
        assertThat(trial.getMethod().getTargetModules()).containsExactly("query", "value");
        assertThat(trial.getHyperParameters().getClipNorm()).isEqualTo(0.5);
        assertThat(trial.getHyperParameters().getClassWeights()).containsEntry("spam", 2.0);
        assertThat(trial.getJobId()).isEqualTo("sweep-1-t3");
        assertThat(sweep.getMethod().getLoraRank()).as("the sweep's base is not changed").isEqualTo(4);
    }
}
