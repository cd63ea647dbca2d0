package io.tunestream.evaluator.domain;

/**
 * A causal LM's scores of each test example's target tokens (the completion, or the whole text of a plain-text
 * record).
 *
 * @param lossSum per example, the summed negative log-likelihood of its target tokens, in nats (= -log p of the
 *        target text given the prompt)
 * @param tokens per example, the target tokens scored (0 when truncation left none)
 * @param correct per example, the target tokens whose argmax prediction was the true next token
 */
public record ExampleLosses(double[] lossSum, int[] tokens, int[] correct) {

    /** Checks that the arrays agree in length and hold sane values. */
    public ExampleLosses {
        if (lossSum.length != tokens.length || tokens.length != correct.length) {
            throw new IllegalArgumentException("per-example arrays differ in length: " + lossSum.length + ", "
                    + tokens.length + ", " + correct.length);
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || correct[i] < 0 || correct[i] > tokens[i]) {
                throw new IllegalArgumentException("example " + i + ": " + correct[i] + " correct of " + tokens[i]
                        + " tokens");
            }
            if (!Double.isFinite(lossSum[i])) {
                throw new IllegalArgumentException("example " + i + ": loss must be finite, got " + lossSum[i]);
            }
        }
    }

    /** @return number of examples */
    public int size() {
        return tokens.length;
    }

    /** @return target tokens over all examples */
    public long totalTokens() {
        long total = 0;
        for (int t : tokens) {
            total += t;
        }
        return total;
    }

    /** @return summed loss over all examples */
    public double totalLoss() {
        double total = 0;
        for (double l : lossSum) {
            total += l;
        }
        return total;
    }

    /** @return token-weighted mean loss (NaN without tokens) */
    public double meanLoss() {
        long total = totalTokens();
        return total == 0 ? Double.NaN : totalLoss() / total;
    }
}
