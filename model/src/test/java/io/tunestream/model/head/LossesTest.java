package io.tunestream.model.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tunestream.model.DjlRuntime;
import org.junit.jupiter.api.Test;

/** Losses against values computed by hand in double precision. */
class LossesTest {

    private static final float[][] LOGITS = {{2.0f, 0.5f, -1.0f}, {0.1f, 0.2f, 0.3f}, {-0.5f, 1.5f, 0.0f}};
    private static final long[] LABELS = {0, 2, 1};

    @Test
    void shouldMatchHandComputedCrossEntropyWhenUnweighted() {
        try (NDManager m = manager()) {
            float loss = Losses.crossEntropy(m.create(LOGITS), m.create(LABELS), null).getFloat();
            double expected = (nll(0) + nll(1) + nll(2)) / 3;
            assertThat((double) loss).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void shouldWeightExamplesByClassWhenClassWeightsGiven() {
        try (NDManager m = manager()) {
            float[] w = {1f, 3f, 0.5f};
            float loss = Losses.crossEntropy(m.create(LOGITS), m.create(LABELS), w).getFloat();
            double expected = (w[0] * nll(0) + w[2] * nll(1) + w[1] * nll(2)) / (w[0] + w[2] + w[1]);
            assertThat((double) loss).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void shouldAverageSquaredErrorsWhenRegression() {
        try (NDManager m = manager()) {
            float loss = Losses.meanSquaredError(m.create(new float[] {1f, 2f, 4f}, new Shape(3, 1)),
                    m.create(new float[] {1.5f, 2f, 1f})).getFloat();
            assertThat(loss).isCloseTo((0.25f + 0f + 9f) / 3, within(1e-6f));
        }
    }

    @Test
    void shouldCountOnlyUnmaskedNextTokensWhenCausalLm() {
        try (NDManager m = manager()) {
            // vocab 3, length 3: position 0 predicts token 1, position 1 predicts token 2
            NDArray logits = m.create(LOGITS).expandDims(0);
            NDArray ids = m.create(new long[][] {{0, 2, 1}});
            float promptMasked = Losses.causalLm(logits, ids, m.create(new long[][] {{1, 0, 1}})).getFloat();
            float all = Losses.causalLm(logits, ids, m.create(new long[][] {{1, 1, 1}})).getFloat();
            assertThat((double) promptMasked).isCloseTo(nll(1, 1), within(1e-6));
            assertThat((double) all).isCloseTo((nll(0, 2) + nll(1, 1)) / 2, within(1e-6));
        }
    }

    private static NDManager manager() {
        DjlRuntime.configure();
        return NDManager.newBaseManager();
    }

    private static double nll(int row) {
        return nll(row, (int) LABELS[row]);
    }

    private static double nll(int row, int label) {
        double sum = 0;
        for (float v : LOGITS[row]) {
            sum += Math.exp(v);
        }
        return Math.log(sum) - LOGITS[row][label];
    }
}
