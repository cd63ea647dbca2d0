package io.tunestream.model.generate;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * The attention mask of a cached generation: prompts left-padded to the longest (0 before a row's
 * first token), then one column of 1 per step. Rows are dropped when their generation ends.
 */
final class LeftPaddedMask {

    private long[][] rows;
    private int width;

    /** @param promptLengths tokens of each prompt */
    LeftPaddedMask(int[] promptLengths) {
        width = Arrays.stream(promptLengths).max().orElseThrow();
        rows = new long[promptLengths.length][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new long[width];
            Arrays.fill(rows[r], width - promptLengths[r], width, 1);
        }
    }

    /** @return the prompts left-padded with token 0 (masked, so any id would do), row-major */
    long[] leftPad(List<long[]> prompts) {
        long[] ids = new long[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            long[] p = prompts.get(r);
            System.arraycopy(p, 0, ids, (r + 1) * width - p.length, p.length);
        }
        return ids;
    }

    /** Appends a column of 1: every remaining row gets one more token. */
    void extend() {
        width++;
        for (int r = 0; r < rows.length; r++) {
            rows[r] = Arrays.copyOf(rows[r], width);
            rows[r][width - 1] = 1;
        }
    }

    /** Keeps the given rows, in this order. */
    void keep(List<Integer> kept) {
        rows = kept.stream().map(i -> rows[i]).toArray(long[][]::new);
    }

    /** @return the mask, row-major */
    long[] values() {
        long[] out = new long[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * width, width);
        }
        return out;
    }

    /** @return [rows, width] */
    Shape shape() {
        return new Shape(rows.length, width);
    }
}
