package io.tunestream.evaluator.domain;

/**
 * A causal-LM challenger compared with the current champion on the same test examples: both models' metrics, a
 * Wilcoxon signed-rank test on the per-example loss (nats of each target text, so it does not depend on how each
 * model's tokenizer splits it) and a paired bootstrap of the token-weighted mean loss.
 *
 * @param champion the champion's metrics
 * @param challenger the challenger's metrics
 * @param wilcoxon one-sided signed-rank test of "the challenger's per-example loss is lower"
 * @param bootstrap paired bootstrap of the mean-loss difference (challenger minus champion; negative is better)
 */
public record LanguageModelComparison(
        LanguageModelMetrics champion,
        LanguageModelMetrics challenger,
        WilcoxonResult wilcoxon,
        BootstrapResult bootstrap) {

    /**
     * @param champion the champion's scores per example
     * @param challenger the challenger's scores on the same examples, in the same order
     * @param settings bootstrap settings
     * @return both tests
     */
    public static LanguageModelComparison run(ExampleLosses champion, ExampleLosses challenger,
            BootstrapSettings settings) {
        return new LanguageModelComparison(LanguageModelMetrics.of(champion), LanguageModelMetrics.of(challenger),
                WilcoxonSignedRank.challengerLower(champion.lossSum(), challenger.lossSum()),
                PairedBootstrap.compareMeanLoss(champion, challenger, settings));
    }

    /** @return challenger minus champion mean loss per token (negative: the challenger is better) */
    public double meanLossDelta() {
        return bootstrap.difference();
    }
}
