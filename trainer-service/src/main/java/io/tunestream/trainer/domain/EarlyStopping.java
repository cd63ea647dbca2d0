package io.tunestream.trainer.domain;

import java.util.Set;

/**
 * Watches one validation metric: remembers the best value and its step (for keep-the-best, as HF's
 * {@code load_best_model_at_end}) and says when {@code patience} evaluations in a row brought no improvement.
 */
public final class EarlyStopping {

    /** Metrics where a smaller value is better; every other metric is better higher. */
    public static final Set<String> LOWER_IS_BETTER = Set.of("val_loss", "val_perplexity");

    private final String metric;
    private final boolean higherIsBetter;
    private final Integer patience;
    private double best;
    private long bestStep = -1;
    private int sinceImprovement;

    /**
     * @param metric {@code val_loss} or {@code val_perplexity} (lower is better), {@code accuracy},
     *     {@code f1_macro} or {@code val_token_accuracy} (higher is better)
     * @param patience evaluations without improvement before stopping, or null to never stop early
     */
    public EarlyStopping(String metric, Integer patience) {
        this.metric = metric;
        this.higherIsBetter = !LOWER_IS_BETTER.contains(metric);
        this.patience = patience;
        this.best = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /**
     * @param step the step of the evaluation
     * @param value the metric's value
     * @return whether this is a new best
     */
    public boolean record(long step, double value) {
        boolean improved = higherIsBetter ? value > best : value < best;
        if (improved) {
            best = value;
            bestStep = step;
            sinceImprovement = 0;
        } else {
            sinceImprovement++;
        }
        return improved;
    }

    /** Restores a saved state (a resumed job). */
    public void restore(double savedBest, long savedBestStep, int savedSinceImprovement) {
        this.best = savedBest;
        this.bestStep = savedBestStep;
        this.sinceImprovement = savedSinceImprovement;
    }

    /** @return evaluations since the metric last improved */
    public int sinceImprovement() {
        return sinceImprovement;
    }

    /** @return whether training should stop now */
    public boolean shouldStop() {
        return patience != null && sinceImprovement >= patience;
    }

    /** @return the watched metric */
    public String metric() {
        return metric;
    }

    /** @return the best value so far */
    public double best() {
        return best;
    }

    /** @return the step of the best value, -1 before any evaluation */
    public long bestStep() {
        return bestStep;
    }
}
