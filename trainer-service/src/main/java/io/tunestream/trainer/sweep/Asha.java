package io.tunestream.trainer.sweep;

import io.tunestream.events.SweepMode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", MLSys 2020,
 * Algorithm 2), in the stop-or-continue form Ray Tune's {@code ASHAScheduler} uses: instead of pulling the best
 * waiting configuration up a rung, each trial is judged when it reaches a rung.
 *
 * <p>Rungs are at resources {@code r_k = gracePeriod * eta^k}, {@code k = 0..K}, {@code r_K <= maxResource}. When
 * a trial reports a result at resource {@code r}, it is recorded at the highest rung with {@code r_k <= r} it has
 * not been recorded at yet (so with steps as the resource, the first evaluation at or past a rung counts), and it
 * continues iff it is in the top {@code 1/eta} of the results recorded at that rung so far, itself included:
 * {@code rank <= max(1, floor(n / eta))}, where {@code n} counts the rung's results and {@code rank} is 1 + the
 * number of them strictly better. The {@code max(1, .)} lets the first result at a rung through (the paper would
 * wait for {@code eta} results; an asynchronous scheduler cannot); ties go to the newcomer. This is the paper's
 * {@code top_k(rung, |rung| / eta)} taken when the trial arrives, without Ray's interpolated percentile. A result
 * at or beyond {@code maxResource} COMPLETEs the trial (after being recorded). Results between rungs continue.
 */
public final class Asha implements TrialScheduler {

    /** One rung: its index, resource and the results recorded at it, in arrival order. */
    public record Rung(int index, long resource, Map<String, Double> results) {
    }

    private final SweepMode mode;
    private final int eta;
    private final long maxResource;
    private final List<Rung> rungs = new ArrayList<>();
    private final Map<String, Judgement> ended = new HashMap<>();

    /**
     * @param mode            MAX or MIN
     * @param reductionFactor eta, >= 2
     * @param gracePeriod     first rung's resource, >= 1
     * @param maxResource     resource at which a trial is complete, >= gracePeriod
     */
    public Asha(SweepMode mode, int reductionFactor, long gracePeriod, long maxResource) {
        if (reductionFactor < 2 || gracePeriod < 1 || maxResource < gracePeriod || mode == null) {
            throw new IllegalArgumentException("ASHA needs a mode, eta >= 2 and 1 <= gracePeriod <= maxResource, got "
                    + mode + ", " + reductionFactor + ", " + gracePeriod + ", " + maxResource);
        }
        this.mode = mode;
        this.eta = reductionFactor;
        this.maxResource = maxResource;
        for (long r = gracePeriod; r <= maxResource; r = r > maxResource / eta ? Long.MAX_VALUE : r * eta) {
            rungs.add(new Rung(rungs.size(), r, new LinkedHashMap<>()));
        }
    }

    /** The rungs, lowest first; read-only views. */
    public List<Rung> rungs() {
        return rungs.stream().map(r -> new Rung(r.index(), r.resource(), Collections.unmodifiableMap(r.results())))
                .toList();
    }

    @Override
    public int rungReached(String trialId) {
        for (int k = rungs.size() - 1; k >= 0; k--) {
            if (rungs.get(k).results().containsKey(trialId)) {
                return k;
            }
        }
        return -1;
    }

    @Override
    public Judgement judge(String trialId, long resource, double value) {
        Judgement before = ended.get(trialId);
        if (before != null) {
            return new Judgement(before.decision(), -1, "already ended: " + before.reason());
        }
        int k = highestRungAtOrBelow(resource);
        Judgement judgement;
        if (k < 0) {
            judgement = Judgement.of(Decision.CONTINUE, "resource " + resource + " is below the first rung ("
                    + rungs.get(0).resource() + ")");
        } else if (rungs.get(k).results().containsKey(trialId)) {
            judgement = Judgement.of(Decision.CONTINUE, "already recorded at rung " + k + ", next rung not reached");
        } else {
            judgement = record(rungs.get(k), trialId, value);
        }
        if (resource >= maxResource) {
            judgement = new Judgement(Decision.COMPLETE, judgement.rung(),
                    "reached maxResource " + maxResource + " (" + judgement.reason() + ")");
        }
        if (judgement.decision() != Decision.CONTINUE) {
            ended.put(trialId, judgement);
        }
        return judgement;
    }

    private Judgement record(Rung rung, String trialId, double value) {
        double score = score(value);
        long better = rung.results().values().stream().filter(v -> score(v) > score).count();
        rung.results().put(trialId, value);
        int n = rung.results().size();
        long rank = better + 1;
        int promotable = Math.max(1, n / eta);
        Decision decision = rank <= promotable ? Decision.CONTINUE : Decision.STOP;
        return new Judgement(decision, rung.index(), "rung " + rung.index() + " (resource " + rung.resource()
                + "): " + value + " ranks " + rank + " of " + n + ", top " + promotable + " continue");
    }

    private int highestRungAtOrBelow(long resource) {
        for (int k = rungs.size() - 1; k >= 0; k--) {
            if (rungs.get(k).resource() <= resource) {
                return k;
            }
        }
        return -1;
    }

    /** Larger is better; NaN is the worst. */
    private double score(double value) {
        if (Double.isNaN(value)) {
            return Double.NEGATIVE_INFINITY;
        }
        return mode == SweepMode.MAX ? value : -value;
    }
}
