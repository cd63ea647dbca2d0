package io.tunestream.trainer.sweep;

import io.tunestream.events.ParameterKind;
import io.tunestream.events.SearchAlgorithm;
import io.tunestream.events.SweepMode;
import io.tunestream.events.SweepRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.tunestream.trainer.sweep.SweepFixtures.asha;
import static io.tunestream.trainer.sweep.SweepFixtures.range;
import static io.tunestream.trainer.sweep.SweepFixtures.request;
import static io.tunestream.trainer.sweep.SweepFixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

class SweepRequestValidatorTest {

    private final SweepRequestValidator validator = new SweepRequestValidator();

    @Test
    void shouldAcceptTheResearchReportsSweepWhenEverythingIsInRange() {
        assertThat(validator.problems(request().build())).isEmpty();
        assertThat(validator.problems(request().setAlgorithm(SearchAlgorithm.GRID).setNumTrials(4)
                .setSpace(List.of(values("batchSize", ParameterKind.GRID, "8", "16"),
                        values("schedule", ParameterKind.CHOICE, "COSINE", "LINEAR"))).build())).isEmpty();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("empty space", request().setSpace(List.of()), "space must name at least one parameter"),
                Arguments.of("low >= high", request().setSpace(List.of(range("weightDecay", ParameterKind.UNIFORM, 0.1, 0.1))),
                        "space[weightDecay]: low (0.1) must be < high (0.1)"),
                Arguments.of("log-uniform from 0", request().setSpace(List.of(range("learningRate", ParameterKind.LOG_UNIFORM, 0, 1e-3))),
                        "space[learningRate]: LOG_UNIFORM needs low > 0, got: 0.0"),
                Arguments.of("missing bound", request().setSpace(List.of(io.tunestream.events.ParameterSpec.newBuilder().setName("learningRate").setKind(ParameterKind.UNIFORM).setLow(0.0).build())),
                        "space[learningRate]: UNIFORM needs finite low and high"),
                Arguments.of("unknown name", request().setSpace(List.of(range("dropout", ParameterKind.UNIFORM, 0, 0.5))),
                        "space[dropout]: unknown parameter; searchable are learningRate"),
                Arguments.of("choice without values", request().setSpace(List.of(values("batchSize", ParameterKind.CHOICE))),
                        "space[batchSize]: CHOICE needs at least one value"),
                Arguments.of("unreadable value", request().setSpace(List.of(values("batchSize", ParameterKind.CHOICE, "8", "big"))),
                        "space[batchSize]: 'big' is not an integer"),
                Arguments.of("repeated value", request().setSpace(List.of(values("epochs", ParameterKind.GRID, "3", "3"))),
                        "space[epochs]: values repeat"),
                Arguments.of("duplicate name", request().setSpace(List.of(values("epochs", ParameterKind.CHOICE, "3"),
                        values("epochs", ParameterKind.CHOICE, "5"))), "space names epochs twice"),
                Arguments.of("range the trainer refuses", request().setSpace(List.of(range("learningRate", ParameterKind.LOG_UNIFORM, 1e-4, 2.0))),
                        "space[learningRate] high 2.0: hyperParameters.learningRate must be in (0, 1]"),
                Arguments.of("choice the trainer refuses", request().setSpace(List.of(values("batchSize", ParameterKind.CHOICE, "0", "8"))),
                        "space[batchSize] value 0: hyperParameters.batchSize must be in [1, 512], got: 0"),
                Arguments.of("range of a schedule", request().setSpace(List.of(range("schedule", ParameterKind.UNIFORM, 0, 1))),
                        "space[schedule]: UNIFORM needs a numeric parameter"),
                Arguments.of("integer range without integers", request().setSpace(List.of(range("epochs", ParameterKind.UNIFORM, 3.2, 3.8))),
                        "space[epochs]: [3.2, 3.8) holds no integer"),
                Arguments.of("grid larger than numTrials", request().setNumTrials(5).setSpace(List.of(
                        values("batchSize", ParameterKind.GRID, "8", "16", "32"), values("epochs", ParameterKind.GRID, "3", "5"))),
                        "the grid has 6 points but numTrials is 5"),
                Arguments.of("grid algorithm with a range", request().setAlgorithm(SearchAlgorithm.GRID).setNumTrials(1)
                        .setSpace(List.of(range("learningRate", ParameterKind.LOG_UNIFORM, 1e-5, 1e-3))),
                        "algorithm GRID cannot enumerate LOG_UNIFORM parameter learningRate"),
                Arguments.of("grid algorithm, numTrials differs", request().setAlgorithm(SearchAlgorithm.GRID).setNumTrials(5)
                        .setSpace(List.of(values("batchSize", ParameterKind.GRID, "8", "16"))),
                        "algorithm GRID runs each of the 2 grid points once: numTrials must be that many, got: 5"),
                Arguments.of("unknown metric", request().setMetric("bleu"), "metric must be one of [accuracy, f1_macro, val_loss, val_perplexity, val_token_accuracy], got: bleu"),
                Arguments.of("mode against the metric", request().setMetric("val_loss").setMode(SweepMode.MAX),
                        "mode must be MIN for metric val_loss, got: MAX"),
                Arguments.of("ASHA without a second rung", request().setScheduler(asha(3, 4, 9)),
                        "scheduler.maxResource (9) must be >= gracePeriod * reductionFactor (12)"),
                Arguments.of("ASHA eta 1", request().setScheduler(asha(1, 1, 9)), "scheduler.reductionFactor must be >= 2, got: 1"),
                Arguments.of("no trials", request().setNumTrials(0), "numTrials must be in [1, 1000], got: 0"),
                Arguments.of("no concurrency", request().setMaxConcurrentTrials(0), "maxConcurrentTrials must be in [1, 64], got: 0"),
                Arguments.of("bad sweep id", request().setSweepId("../x"), "sweepId '../x' must not contain a path separator"),
                Arguments.of("dot sweep id", request().setSweepId(".."), "sweepId '..' must not be '.' or '..'"),
                Arguments.of("too many trials", request().setNumTrials(5000), "numTrials must be in [1, 1000], got: 5000"),
                Arguments.of("bad base request", request().setDatasetId(""), "base request: datasetId '' must not be empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void shouldRefuseWithAClearReasonWhenTheRequestBreaksARule(String rule, SweepRequest.Builder request, String problem) {
        List<String> problems = validator.problems(request.build());
        assertThat(problems).as(rule).anySatisfy(p -> assertThat(p).contains(problem));
    }

    @Test
    void shouldListEveryProblemAtOnceWhenSeveralRulesAreBroken() {
        List<String> problems = validator.problems(request().setNumTrials(0).setMetric("bleu")
                .setSpace(List.of(range("learningRate", ParameterKind.LOG_UNIFORM, -1, 1e-3))).build());
        assertThat(problems).hasSize(3);
    }
}
