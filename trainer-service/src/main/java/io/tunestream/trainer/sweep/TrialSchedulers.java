package io.tunestream.trainer.sweep;

import io.tunestream.events.MetricSample;
import io.tunestream.events.SchedulerConfig;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.SweepState;
import io.tunestream.events.SweepTrial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builds a sweep's scheduler from its request, and rebuilds it from a recorded {@link SweepState}. */
public final class TrialSchedulers {

    /**
     * One replayed result.
     *
     * @param trialId   trial
     * @param sample    the recorded sample
     * @param judgement what the rebuilt scheduler decided on it: the decision taken when it was first recorded
     */
    public record ReplayedResult(String trialId, MetricSample sample, Judgement judgement) {
    }

    /**
     * A scheduler rebuilt from history.
     *
     * @param scheduler the scheduler, in the state it had after the last recorded result
     * @param results   every recorded result in the order it was seen (by seq), with its decision
     */
    public record Replay(TrialScheduler scheduler, List<ReplayedResult> results) {
    }

    private TrialSchedulers() {
    }

    /** A fresh scheduler for a request the validator accepted. */
    public static TrialScheduler forRequest(SweepRequest request) {
        SchedulerConfig c = request.getScheduler();
        return switch (c.getKind()) {
            case NONE -> new NoEarlyStopping();
            case ASHA -> new Asha(request.getMode(), c.getReductionFactor(), c.getGracePeriod(), c.getMaxResource());
            case MEDIAN_STOPPING -> new MedianStoppingRule(request.getMode(), c.getGracePeriod(),
                    c.getMinTrialsRequired(), c.getMaxResource());
        };
    }

    /**
     * Rebuilds the scheduler of a sweep by feeding a fresh one every trial's recorded samples in {@code seq} order
     * (ties: trial index, then history order). Schedulers are deterministic, so each replayed decision is the one
     * taken when the sample was first seen, provided the controller appended every result it judged, and only
     * those, with increasing seq numbers ({@link #nextSeq}).
     */
    public static Replay replay(SweepState state) {
        record Entry(SweepTrial trial, int position, MetricSample sample) {
        }
        List<Entry> entries = new ArrayList<>();
        for (SweepTrial trial : state.getTrials()) {
            for (int i = 0; i < trial.getHistory().size(); i++) {
                entries.add(new Entry(trial, i, trial.getHistory().get(i)));
            }
        }
        entries.sort(Comparator.comparingLong((Entry e) -> e.sample().getSeq())
                .thenComparingInt(e -> e.trial().getIndex()).thenComparingInt(Entry::position));
        TrialScheduler scheduler = forRequest(state.getRequest());
        List<ReplayedResult> results = new ArrayList<>();
        for (Entry e : entries) {
            Judgement j = scheduler.judge(e.trial().getTrialId(), e.sample().getResource(), e.sample().getValue());
            results.add(new ReplayedResult(e.trial().getTrialId(), e.sample(), j));
        }
        return new Replay(scheduler, List.copyOf(results));
    }

    /** The seq number of the next recorded sample: one more than the largest recorded, 0 for none. */
    public static long nextSeq(SweepState state) {
        return state.getTrials().stream().flatMap(t -> t.getHistory().stream())
                .mapToLong(MetricSample::getSeq).max().orElse(-1) + 1;
    }
}
