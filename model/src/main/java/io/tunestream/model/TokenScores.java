package io.tunestream.model;

/**
 * Per-example next-token scores of a causal LM over the completion tokens.
 *
 * @param lossSum per example, summed negative log-likelihood (nats) of its target tokens
 * @param tokens per example, target tokens counted
 * @param correct per example, target tokens whose argmax prediction was right
 */
public record TokenScores(double[] lossSum, int[] tokens, int[] correct) {

    /** @return mean loss per target token of example i (NaN when it has none) */
    public double meanLoss(int i) {
        return tokens[i] == 0 ? Double.NaN : lossSum[i] / tokens[i];
    }
}
