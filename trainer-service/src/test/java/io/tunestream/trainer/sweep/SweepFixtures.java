package io.tunestream.trainer.sweep;

import io.tunestream.events.HyperParameters;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.MetricSample;
import io.tunestream.events.ParameterKind;
import io.tunestream.events.ParameterSpec;
import io.tunestream.events.SchedulerConfig;
import io.tunestream.events.SchedulerKind;
import io.tunestream.events.SearchAlgorithm;
import io.tunestream.events.SweepMode;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.SweepState;
import io.tunestream.events.SweepStatus;
import io.tunestream.events.SweepTrial;
import io.tunestream.events.TrialStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sweep requests and states for the tests: the research report's space (lr, batch size, epochs, weight decay). */
final class SweepFixtures {

    static final Instant REQUESTED_AT = Instant.parse("2026-01-01T00:00:00Z");

    private SweepFixtures() {
    }

    static ParameterSpec range(String name, ParameterKind kind, double low, double high) {
        return ParameterSpec.newBuilder().setName(name).setKind(kind).setLow(low).setHigh(high).setValues(List.of()).build();
    }

    static ParameterSpec values(String name, ParameterKind kind, String... values) {
        return ParameterSpec.newBuilder().setName(name).setKind(kind).setValues(List.of(values)).build();
    }

    /** lr log-uniform 1e-5..1e-3, batch size choice 8/16/32, epochs choice 3/5/10, weight decay uniform 0..0.1. */
    static List<ParameterSpec> reportSpace() {
        return List.of(range("learningRate", ParameterKind.LOG_UNIFORM, 1e-5, 1e-3),
                values("batchSize", ParameterKind.CHOICE, "8", "16", "32"),
                values("epochs", ParameterKind.CHOICE, "3", "5", "10"),
                range("weightDecay", ParameterKind.UNIFORM, 0.0, 0.1));
    }

    static SchedulerConfig asha(int eta, int grace, int max) {
        return SchedulerConfig.newBuilder().setKind(SchedulerKind.ASHA).setReductionFactor(eta).setGracePeriod(grace)
                .setMaxResource(max).build();
    }

    static SweepRequest.Builder request() {
        return SweepRequest.newBuilder().setSweepId("sweep-1").setModelName("spam").setDatasetId("spam-assassin")
                .setDatasetVersion("v1").setMethod(MethodConfig.newBuilder().setType(Method.LORA).build())
                .setHyperParameters(HyperParameters.newBuilder().build()).setSpace(reportSpace())
                .setAlgorithm(SearchAlgorithm.RANDOM).setScheduler(asha(3, 1, 9)).setNumTrials(20)
                .setMaxConcurrentTrials(4).setMetric("accuracy").setMode(SweepMode.MAX).setSeed(7)
                .setRequestedAt(REQUESTED_AT);
    }

    static SweepTrial trial(int index, TrialStatus status, Double finalMetric, List<MetricSample> history) {
        return SweepTrial.newBuilder().setTrialId("t" + index).setIndex(index).setJobId("sweep-1-t" + index)
                .setParams(Map.of()).setStatus(status).setHistory(new ArrayList<>(history)).setFinalMetric(finalMetric)
                .build();
    }

    static SweepState state(SweepRequest request, List<SweepTrial> trials) {
        return SweepState.newBuilder().setSweepId(request.getSweepId()).setRequest(request)
                .setStatus(SweepStatus.RUNNING).setTrials(new ArrayList<>(trials)).setUpdatedAt(REQUESTED_AT).build();
    }

    static MetricSample sample(long seq, long resource, double value) {
        return MetricSample.newBuilder().setSeq(seq).setResource(resource).setValue(value).build();
    }
}
