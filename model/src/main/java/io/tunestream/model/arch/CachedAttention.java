package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Positions and attention mask of a {@link CausalDecoder#forwardCached} call, from the 0/1 mask over
 * the real tokens seen so far ({@code mask}, row-major [B, P' + T]) and the soft-prompt length P.
 */
final class CachedAttention {

    private CachedAttention() {}

    /**
     * Rotary position of each new position: soft-prompt positions count 0..P-1, a token {@code P +
     * cumsum(mask) - 1} (clamped at 0 under left padding), so a left-padded row is positioned as if
     * unpadded and as {@link LlamaDecoder#forward} positions a right-padded one.
     */
    static long[] positions(long[] mask, int rows, int prefix, int fresh) {
        int seen = mask.length / rows;
        long[] out = new long[rows * fresh];
        for (int b = 0; b < rows; b++) {
            long count = 0;
            long[] cumsum = new long[seen];
            for (int j = 0; j < seen; j++) {
                count += mask[b * seen + j];
                cumsum[j] = count;
            }
            for (int i = 0; i < fresh; i++) {
                int key = prefix + seen - fresh + i;
                out[b * fresh + i] = key < prefix ? key : prefix + Math.max(0, cumsum[key - prefix] - 1);
            }
        }
        return out;
    }

    /**
     * Additive mask [B, 1, T, P + T]: a new position sees every valid cached key and the new keys up to
     * itself. One lowest value per masked entry (never a sum of two, which overflows to -inf), so a
     * query that sees nothing (a left-padding position) gets finite, unused scores rather than NaN.
     */
    static NDArray mask(NDManager manager, long[] mask, int rows, int prefix, int fresh, NDArray like) {
        int seen = mask.length / rows;
        int keys = prefix + seen;
        float lowest = (float) Ops.lowest(like.getDataType());
        float[] values = new float[rows * fresh * keys];
        for (int b = 0; b < rows; b++) {
            for (int i = 0; i < fresh; i++) {
                int query = keys - fresh + i;
                for (int j = 0; j < keys; j++) {
                    boolean valid = j < prefix || mask[b * seen + j - prefix] != 0;
                    values[(b * fresh + i) * keys + j] = valid && j <= query ? 0f : lowest;
                }
            }
        }
        return manager.create(values, new Shape(rows, 1, fresh, keys)).toType(like.getDataType(), false)
                .toDevice(like.getDevice(), false);
    }

}
