package io.tunestream.split.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The split of regression data, which has no labels: records are stratified by score quantile instead, so low,
 * middle and high targets spread over train, validation and test in the same proportions (a test split of only
 * high scores would say little about the model). Quantiles are by rank: records sorted by (score, id) and cut
 * into {@code k} equal runs, so ties and skewed distributions still give {@code n/k} records per stratum.
 *
 * <p>{@code k} starts at the asked number and shrinks (down to one stratum, i.e. no stratification) while a
 * quantile has too few records or, group-aware, too few groups for the non-empty splits, as
 * {@link LengthBucketSplitter} does for lengths. Everything else is {@link StratifiedSplitter}'s.
 */
public final class ScoreQuantileSplitter {

    /** Default number of score quantiles (quartiles). */
    public static final int DEFAULT_QUANTILES = 4;

    private static final Set<SplitRejection.Reason> TOO_FEW = Set.of(SplitRejection.Reason.TOO_FEW_RECORDS_FOR_LABEL,
            SplitRejection.Reason.TOO_FEW_GROUPS_FOR_LABEL);

    private final SplitConfig config;
    private final int maxQuantiles;

    /** A splitter with at most {@code maxQuantiles} (at least 1) score quantiles. */
    public ScoreQuantileSplitter(SplitConfig config, int maxQuantiles) {
        if (maxQuantiles < 1) {
            throw new IllegalArgumentException("split.score-quantiles must be at least 1, got: " + maxQuantiles);
        }
        this.config = config;
        this.maxQuantiles = maxQuantiles;
    }

    /** The split and the number of quantiles it used. */
    public record Outcome(SplitResult result, int quantiles) {
    }

    /**
     * Splits the records, stratified by score quantile; the result's records carry their quantile as label.
     *
     * @throws IllegalArgumentException when a record has no score (a regression dataset needs one on every record)
     */
    public Outcome split(List<TextRecord> records) throws SplitRejection {
        records.stream().filter(r -> r.score() == null || !Double.isFinite(r.score())).findFirst().ifPresent(r -> {
            throw new IllegalArgumentException("record " + r.id() + " has no finite score: a regression dataset "
                    + "needs one on every record");
        });
        int needed = Math.max(1, config.nonEmptySplits());
        int k = Math.max(1, Math.min(maxQuantiles, records.size() / needed));
        StratifiedSplitter splitter = new StratifiedSplitter(config);
        while (true) {
            try {
                return new Outcome(splitter.split(quantiles(records, k)), k);
            } catch (SplitRejection e) {
                if (k == 1 || !TOO_FEW.contains(e.reason())) {
                    throw e;
                }
                k--;
            }
        }
    }

    /** The records with their score quantile ({@code score-q<b>/<k>}, 1 = lowest) as label. */
    public static List<TextRecord> quantiles(List<TextRecord> records, int k) {
        int n = records.size();
        Integer[] byScore = new Integer[n];
        Arrays.setAll(byScore, i -> i);
        Arrays.sort(byScore, Comparator.<Integer>comparingDouble(i -> records.get(i).score())
                .thenComparing(i -> records.get(i).id()));
        List<TextRecord> out = new ArrayList<>(records);
        for (int rank = 0; rank < n; rank++) {
            int i = byScore[rank];
            int q = (int) ((long) rank * k / n) + 1;
            TextRecord r = records.get(i);
            out.set(i, new TextRecord(r.id(), r.text(), "score-q" + q + "/" + k, r.score(), r.group()));
        }
        return out;
    }
}
