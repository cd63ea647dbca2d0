package io.tunestream.evaluator.domain;

import java.util.List;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.BinomialTest;

/**
 * McNemar's exact test for two classifiers scored on the same records: under the null hypothesis
 * (equal accuracy) each discordant record is equally likely to favour either model, so the
 * number the challenger alone got right is Binomial(b + c, 1/2). This is the valid paired test for
 * accuracy; a t-test on predicted labels is not.
 */
public final class McNemarTest {

    private McNemarTest() {
    }

    /** The test from true labels and both models' predictions, record by record. */
    public static McNemarResult of(List<String> yTrue, List<String> championPred, List<String> challengerPred) {
        if (yTrue.size() != championPred.size() || yTrue.size() != challengerPred.size()) {
            throw new IllegalArgumentException("champion and challenger must be scored on the same records: sizes "
                    + yTrue.size() + ", " + championPred.size() + ", " + challengerPred.size());
        }
        boolean[] championCorrect = new boolean[yTrue.size()];
        boolean[] challengerCorrect = new boolean[yTrue.size()];
        for (int i = 0; i < championCorrect.length; i++) {
            championCorrect[i] = yTrue.get(i).equals(championPred.get(i));
            challengerCorrect[i] = yTrue.get(i).equals(challengerPred.get(i));
        }
        return ofOutcomes(championCorrect, challengerCorrect);
    }

    /** The test from each model's correct/incorrect outcome per record. */
    public static McNemarResult ofOutcomes(boolean[] championCorrect, boolean[] challengerCorrect) {
        if (championCorrect.length != challengerCorrect.length) {
            throw new IllegalArgumentException("outcome arrays differ in length");
        }
        long[][] table = new long[2][2];
        for (int i = 0; i < championCorrect.length; i++) {
            table[championCorrect[i] ? 0 : 1][challengerCorrect[i] ? 0 : 1]++;
        }
        return ofTable(table[0][0], table[0][1], table[1][0], table[1][1]);
    }

    /**
     * The test from the 2x2 table of outcomes.
     *
     * @param bothCorrect a
     * @param championOnlyCorrect b
     * @param challengerOnlyCorrect c
     * @param bothWrong d
     */
    public static McNemarResult ofTable(long bothCorrect, long championOnlyCorrect, long challengerOnlyCorrect,
            long bothWrong) {
        long b = championOnlyCorrect;
        long c = challengerOnlyCorrect;
        if (Math.min(Math.min(bothCorrect, b), Math.min(c, bothWrong)) < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        if (b + c > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many discordant records for the exact test: " + (b + c));
        }
        int n = (int) (b + c);
        int smaller = (int) Math.min(b, c);
        if (n == 0) {
            return new McNemarResult(bothCorrect, b, c, bothWrong, 0, 1.0, 1.0, 1.0);
        }
        double twoSided = BinomialTest.withDefaults().test(n, smaller, 0.5).getPValue();
        double oneSided = BinomialTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN)
                .test(n, (int) c, 0.5).getPValue();
        BinomialDistribution null0 = BinomialDistribution.of(n, 0.5);
        double midP = Math.min(1.0, 2 * null0.cumulativeProbability(smaller) - null0.probability(smaller));
        return new McNemarResult(bothCorrect, b, c, bothWrong, smaller, twoSided, oneSided, midP);
    }
}
