package io.tunestream.trainer.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.SweepMode;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.events.ModelRoots;
import io.tunestream.trainer.domain.TinyLlama;
import io.tunestream.trainer.domain.TrainingRequestValidator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps of causal-LM trials: objectives the trials report, minimised or maximised the right way. */
class CausalLmSweepTest {

    @TempDir
    Path root;

    SweepRequest.Builder lmSweep(Path llama) {
        return SweepFixtures.request().setTask(Task.CAUSAL_LM).setBaseModel(llama.toString())
                .setMethod(MethodConfig.newBuilder().setType(Method.LORA).setTargetModules(List.of("q_proj", "v_proj"))
                        .build());
    }

    @Test
    void shouldAcceptValidationLossAndPerplexityObjectivesAndRefuseAccuracyForACausalLmSweep() {
        // Given a tiny Llama under a model root
        Path llama = TinyLlama.write(root.resolve("tiny-llama"));
        var validator = new SweepRequestValidator(new TrainingRequestValidator(new ModelRoots(List.of(root))));
        // When / Then
        assertThat(validator.problems(lmSweep(llama).setMetric("val_loss").setMode(SweepMode.MIN).build())).isEmpty();
        assertThat(validator.problems(lmSweep(llama).setMetric("val_perplexity").setMode(SweepMode.MIN).build()))
                .isEmpty();
        assertThat(validator.problems(lmSweep(llama).setMetric("val_perplexity").setMode(SweepMode.MAX).build()))
                .containsExactly("mode must be MIN for metric val_perplexity, got: MAX");
        assertThat(validator.problems(lmSweep(llama).setMetric("accuracy").setMode(SweepMode.MAX).build()))
                .containsExactly("metric accuracy is not reported by a CAUSAL_LM job; use one of "
                        + "[val_loss, val_perplexity, val_token_accuracy]");
        TrainingRequest trial = TrialRequests.trialRequest(lmSweep(llama).setMetric("val_loss").setMode(SweepMode.MIN)
                .build(), 3, Map.of("learningRate", "0.001"));
        assertThat(trial.getTask()).isEqualTo(Task.CAUSAL_LM);
        assertThat(trial.getMethod().getTargetModules()).containsExactly("q_proj", "v_proj");
    }
}
