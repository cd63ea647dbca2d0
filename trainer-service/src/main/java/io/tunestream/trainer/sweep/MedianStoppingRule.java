package io.tunestream.trainer.sweep;

import io.tunestream.events.SweepMode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The median stopping rule (Golovin et al., "Google Vizier", KDD 2017), as Ray Tune's {@code MedianStoppingRule}:
 * after the grace period, a trial reporting at resource {@code r} is stopped iff its best result so far is strictly
 * worse than the median, over the other trials that have reached {@code r}, of their running averages (the mean of
 * their results at resources in [gracePeriod, r]). It decides only when at least {@code minTrialsRequired} other
 * trials have such an average; a result at or beyond {@code maxResource} COMPLETEs the trial.
 */
public final class MedianStoppingRule implements TrialScheduler {

    private record Result(long resource, double score) {
    }

    private final SweepMode mode;
    private final long gracePeriod;
    private final int minTrialsRequired;
    private final long maxResource;
    private final Map<String, List<Result>> results = new LinkedHashMap<>();
    private final Map<String, Judgement> ended = new HashMap<>();

    /**
     * @param mode              MAX or MIN
     * @param gracePeriod       no decision below this resource
     * @param minTrialsRequired other trials needed for a decision, >= 1
     * @param maxResource       resource at which a trial is complete
     */
    public MedianStoppingRule(SweepMode mode, long gracePeriod, int minTrialsRequired, long maxResource) {
        if (mode == null || minTrialsRequired < 1 || maxResource < gracePeriod) {
            throw new IllegalArgumentException("median stopping needs a mode, minTrialsRequired >= 1 and gracePeriod"
                    + " <= maxResource, got " + mode + ", " + minTrialsRequired + ", " + gracePeriod + ", " + maxResource);
        }
        this.mode = mode;
        this.gracePeriod = gracePeriod;
        this.minTrialsRequired = minTrialsRequired;
        this.maxResource = maxResource;
    }

    @Override
    public Judgement judge(String trialId, long resource, double value) {
        Judgement before = ended.get(trialId);
        if (before != null) {
            return Judgement.of(before.decision(), "already ended: " + before.reason());
        }
        results.computeIfAbsent(trialId, t -> new ArrayList<>()).add(new Result(resource, score(value)));
        Judgement judgement = decide(trialId, resource);
        if (resource >= maxResource) {
            judgement = Judgement.of(Decision.COMPLETE, "reached maxResource " + maxResource);
        }
        if (judgement.decision() != Decision.CONTINUE) {
            ended.put(trialId, judgement);
        }
        return judgement;
    }

    private Judgement decide(String trialId, long resource) {
        if (resource < gracePeriod) {
            return Judgement.of(Decision.CONTINUE, "resource " + resource + " is within the grace period " + gracePeriod);
        }
        List<Double> averages = new ArrayList<>();
        results.forEach((other, list) -> {
            if (!other.equals(trialId) && list.get(list.size() - 1).resource() >= resource) {
                list.stream().filter(r -> r.resource() >= gracePeriod && r.resource() <= resource)
                        .mapToDouble(Result::score).average().ifPresent(averages::add);
            }
        });
        if (averages.size() < minTrialsRequired) {
            return Judgement.of(Decision.CONTINUE, averages.size() + " other trials reached resource " + resource
                    + ", " + minTrialsRequired + " needed");
        }
        double median = median(averages);
        double best = results.get(trialId).stream().mapToDouble(Result::score).max().orElseThrow();
        String numbers = "best " + unscore(best) + " vs median " + unscore(median) + " of " + averages.size()
                + " running averages at resource " + resource;
        return best < median ? Judgement.of(Decision.STOP, numbers + ": worse")
                : Judgement.of(Decision.CONTINUE, numbers + ": not worse");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Larger is better; NaN is the worst. */
    private double score(double value) {
        if (Double.isNaN(value)) {
            return Double.NEGATIVE_INFINITY;
        }
        return mode == SweepMode.MAX ? value : -value;
    }

    private double unscore(double score) {
        return mode == SweepMode.MAX ? score : -score;
    }
}
