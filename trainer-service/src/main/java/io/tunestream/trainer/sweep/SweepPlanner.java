package io.tunestream.trainer.sweep;

import io.tunestream.events.SweepMode;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.SweepState;
import io.tunestream.events.SweepStatus;
import io.tunestream.events.SweepTrial;
import io.tunestream.events.TrainingRequest;
import io.tunestream.events.TrialStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which trials a sweep launches next, and which trial is best. Pure: everything comes from the {@link SweepState},
 * so a restarted controller plans exactly what the previous one would have (trial {@code i}'s parameters depend
 * only on the seed and {@code i}; its job id {@code <sweepId>-t<i>} makes a re-sent request idempotent at the
 * workers).
 */
public final class SweepPlanner {

    /**
     * A trial to launch now.
     *
     * @param trial   its entry for the state (status PENDING, no history)
     * @param request its training request
     */
    public record TrialLaunch(SweepTrial trial, TrainingRequest request) {
    }

    /**
     * The trials to launch now: none unless the sweep is RUNNING; otherwise the next indices after the trials
     * already in the state, as many as {@code maxConcurrentTrials} minus the PENDING and RUNNING trials allows,
     * and never beyond {@code numTrials} in all.
     */
    public List<TrialLaunch> launches(SweepState state) {
        SweepRequest request = state.getRequest();
        if (state.getStatus() != SweepStatus.RUNNING) {
            return List.of();
        }
        int launched = state.getTrials().size();
        long active = state.getTrials().stream().filter(SweepPlanner::isActive).count();
        long room = Math.min(request.getMaxConcurrentTrials() - active, request.getNumTrials() - (long) launched);
        ParameterSampler sampler = ParameterSampler.of(request);
        List<TrialLaunch> launches = new ArrayList<>();
        for (int index = launched; index < launched + room; index++) {
            Map<String, String> params = sampler.paramsFor(index);
            TrainingRequest trialRequest = TrialRequests.trialRequest(request, index, params);
            SweepTrial trial = SweepTrial.newBuilder().setTrialId(TrialRequests.trialId(index)).setIndex(index)
                    .setJobId(trialRequest.getJobId()).setParams(new LinkedHashMap<>(params))
                    .setStatus(TrialStatus.PENDING).setRung(-1).setLastResource(0).setHistory(new ArrayList<>())
                    .setFinalMetric(null).setMessage(null).build();
            launches.add(new TrialLaunch(trial, trialRequest));
        }
        return launches;
    }

    /**
     * The training request of a trial; see {@link TrialRequests#trialRequest}.
     */
    public TrainingRequest trialRequest(SweepRequest request, int trialIndex, Map<String, String> params) {
        return TrialRequests.trialRequest(request, trialIndex, params);
    }

    /** Whether every trial was launched and none is PENDING or RUNNING any more. */
    public boolean isFinished(SweepState state) {
        return state.getTrials().size() >= state.getRequest().getNumTrials()
                && state.getTrials().stream().noneMatch(SweepPlanner::isActive);
    }

    /**
     * The best trial: among COMPLETED trials with a final metric (or, when there is none, any trial with one), the
     * best final metric for the sweep's mode; ties go to the lower index. Empty when no trial has a final metric.
     */
    public Optional<String> bestTrialId(SweepState state) {
        List<SweepTrial> measured = state.getTrials().stream().filter(t -> t.getFinalMetric() != null
                && !Double.isNaN(t.getFinalMetric())).toList();
        List<SweepTrial> completed = measured.stream().filter(t -> t.getStatus() == TrialStatus.COMPLETED).toList();
        List<SweepTrial> candidates = completed.isEmpty() ? measured : completed;
        Comparator<SweepTrial> byMetric = Comparator.comparingDouble(SweepTrial::getFinalMetric);
        if (state.getRequest().getMode() == SweepMode.MAX) {
            byMetric = byMetric.reversed();
        }
        return candidates.stream().min(byMetric.thenComparingInt(SweepTrial::getIndex)).map(SweepTrial::getTrialId);
    }

    private static boolean isActive(SweepTrial trial) {
        return trial.getStatus() == TrialStatus.PENDING || trial.getStatus() == TrialStatus.RUNNING;
    }
}
