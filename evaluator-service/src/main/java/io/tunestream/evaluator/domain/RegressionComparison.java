package io.tunestream.evaluator.domain;

/**
 * A/B of two regression models on the same test examples: Wilcoxon's signed-rank test on the paired absolute
 * errors, one-sided (is the challenger's error lower?), with both models' MAE for the report.
 *
 * @param wilcoxon  the test on |challenger - truth| against |champion - truth|
 * @param championMae  the champion's mean absolute error
 * @param challengerMae the challenger's mean absolute error
 */
public record RegressionComparison(WilcoxonResult wilcoxon, double championMae, double challengerMae) {

    /**
     * @param truth      true values
     * @param champion   the champion's predictions, in the same order
     * @param challenger the challenger's predictions, in the same order
     */
    public static RegressionComparison run(double[] truth, double[] champion, double[] challenger) {
        if (truth.length != champion.length || truth.length != challenger.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " values, the champion "
                    + champion.length + ", the challenger " + challenger.length);
        }
        double[] championErrors = new double[truth.length];
        double[] challengerErrors = new double[truth.length];
        for (int i = 0; i < truth.length; i++) {
            championErrors[i] = Math.abs(champion[i] - truth[i]);
            challengerErrors[i] = Math.abs(challenger[i] - truth[i]);
        }
        return new RegressionComparison(WilcoxonSignedRank.challengerLower(championErrors, challengerErrors),
                mean(championErrors), mean(challengerErrors));
    }

    /** The challenger's MAE minus the champion's (negative: the challenger is better). */
    public double maeDelta() {
        return challengerMae - championMae;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }
}
