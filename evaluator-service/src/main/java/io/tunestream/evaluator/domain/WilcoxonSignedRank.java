package io.tunestream.evaluator.domain;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.ranking.NaNStrategy;
import org.apache.commons.statistics.ranking.NaturalRanking;
import org.apache.commons.statistics.ranking.TiesStrategy;

/**
 * Wilcoxon's signed-rank test on paired per-example losses, one-sided: is the challenger's loss lower? Unlike a
 * paired t-test it needs no normality of the differences, only their symmetry under the null hypothesis, and one
 * absurd example cannot dominate it. Pairs with equal losses are dropped (Wilcoxon's zero method); the p-value is
 * exact for at most {@value #EXACT_LIMIT} pairs without ties or zeros, else the normal approximation with the
 * tie-corrected variance and a continuity correction. Same conventions as {@code scipy.stats.wilcoxon(challenger,
 * champion, alternative="less", correction=True)}, whose {@code method="auto"} also goes exact up to 50 pairs.
 */
public final class WilcoxonSignedRank {

    /** Most non-zero pairs for which the exact null distribution is used. */
    public static final int EXACT_LIMIT = 50;

    private static final NaturalRanking AVERAGE_RANKS = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private WilcoxonSignedRank() {
    }

    /**
     * @param champion the champion's loss per example
     * @param challenger the challenger's loss per example, on the same examples in the same order
     * @return W+ of d = challenger - champion and the one-sided p-value of "challenger lower"
     *     (p = 1 when every pair is equal: no evidence either way)
     * @throws IllegalArgumentException for arrays of different lengths or a non-finite loss
     */
    public static WilcoxonResult challengerLower(double[] champion, double[] challenger) {
        if (champion.length != challenger.length) {
            throw new IllegalArgumentException("champion and challenger must be scored on the same examples: "
                    + champion.length + " vs " + challenger.length);
        }
        double[] d = nonZeroDifferences(champion, challenger);
        int zeros = champion.length - d.length;
        if (d.length == 0) {
            // identical losses everywhere: no evidence either way (scipy raises here)
            return new WilcoxonResult(0, 1.0, 0, zeros, WilcoxonResult.Method.EXACT, Double.NaN);
        }
        double[] abs = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            abs[i] = Math.abs(d[i]);
        }
        double[] ranks = AVERAGE_RANKS.apply(abs);
        double wPlus = 0;
        for (int i = 0; i < d.length; i++) {
            wPlus += d[i] > 0 ? ranks[i] : 0;
        }
        double tieTerm = tieTerm(ranks);
        if (d.length <= EXACT_LIMIT && zeros == 0 && tieTerm == 0) {
            return new WilcoxonResult(wPlus, exactLowerTail(d.length, (int) wPlus), d.length, 0,
                    WilcoxonResult.Method.EXACT, Double.NaN);
        }
        double n = d.length;
        double mean = n * (n + 1) / 4;
        double sd = Math.sqrt((n * (n + 1) * (2 * n + 1) - tieTerm / 2) / 24);
        // lower tail P(W+ <= w): the continuity correction moves w up by half a rank
        double z = (wPlus - mean + 0.5) / sd;
        return new WilcoxonResult(wPlus, STANDARD_NORMAL.cumulativeProbability(z), d.length, zeros,
                WilcoxonResult.Method.NORMAL, z);
    }

    /**
     * @param n pairs
     * @param w a value of W+
     * @return P(W+ &lt;= w) when each of the ranks 1..n carries a positive sign with probability 1/2 independently
     */
    static double exactLowerTail(int n, int w) {
        int max = n * (n + 1) / 2;
        // counts[s] = number of subsets of {1..k} with rank sum s; at most 2^50, exact in a double
        double[] counts = new double[max + 1];
        counts[0] = 1;
        for (int rank = 1; rank <= n; rank++) {
            for (int s = rank * (rank + 1) / 2; s >= rank; s--) {
                counts[s] += counts[s - rank];
            }
        }
        double tail = 0;
        for (int s = 0; s <= Math.min(w, max); s++) {
            tail += counts[s];
        }
        return Math.min(1.0, tail / Math.pow(2, n));
    }

    private static double[] nonZeroDifferences(double[] champion, double[] challenger) {
        return IntStream.range(0, champion.length).mapToDouble(i -> {
            if (!Double.isFinite(champion[i]) || !Double.isFinite(challenger[i])) {
                throw new IllegalArgumentException("loss of example " + i + " is not finite: champion " + champion[i]
                        + ", challenger " + challenger[i]);
            }
            return challenger[i] - champion[i];
        }).filter(x -> x != 0).toArray();
    }

    /** Sum over groups of tied ranks of t^3 - t (zero without ties). */
    private static double tieTerm(double[] ranks) {
        double[] sorted = ranks.clone();
        Arrays.sort(sorted);
        double term = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            double t = j - i;
            term += t * t * t - t;
            i = j;
        }
        return term;
    }
}
