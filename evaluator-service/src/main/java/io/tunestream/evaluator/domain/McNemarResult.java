package io.tunestream.evaluator.domain;

/**
 * The outcome of McNemar's exact test of a challenger against the champion on the same records.
 *
 * @param bothCorrect records both models got right
 * @param championOnlyCorrect discordant records only the champion got right ({@code b})
 * @param challengerOnlyCorrect discordant records only the challenger got right ({@code c})
 * @param bothWrong records both models got wrong
 * @param statistic min(b, c), the exact test's statistic (as statsmodels reports it)
 * @param pValue exact two-sided p-value: 2 P(X <= min(b, c)), X ~ Binomial(b + c, 1/2), capped at 1
 * @param pValueChallengerBetter exact one-sided p-value for "the challenger is more often right":
 *     P(X >= c)
 * @param midPValue two-sided mid-p-value: the exact p-value minus P(X = min(b, c)) (less
 *     conservative; Fagerland, Lydersen and Laake, 2013)
 */
public record McNemarResult(
        long bothCorrect,
        long championOnlyCorrect,
        long challengerOnlyCorrect,
        long bothWrong,
        double statistic,
        double pValue,
        double pValueChallengerBetter,
        double midPValue) {

    /** The number of discordant records, b + c. */
    public long discordant() {
        return championOnlyCorrect + challengerOnlyCorrect;
    }
}
