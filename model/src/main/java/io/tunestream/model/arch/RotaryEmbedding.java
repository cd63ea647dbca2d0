package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embeddings in the HF LLaMA convention (rotate-half, frequencies repeated over
 * both halves of the head).
 */
public final class RotaryEmbedding {

    private final int headSize;
    private final double theta;

    /**
     * @param headSize width of one head (even)
     * @param theta rotary base
     */
    public RotaryEmbedding(int headSize, double theta) {
        this.headSize = headSize;
        this.theta = theta;
    }

    /**
     * @param manager batch manager
     * @param length sequence length
     * @return cos and sin tables [1, 1, L, d] for positions 0..L-1
     */
    public NDList tables(NDManager manager, int length) {
        long[] positions = new long[length];
        for (int pos = 0; pos < length; pos++) {
            positions[pos] = pos;
        }
        return tables(manager, positions, 1, length);
    }

    /**
     * Tables for given positions per row (left-padded or cached tokens are not at 0..L-1). Angles
     * are computed exactly as in {@link #tables(NDManager, int)}, so a position gets the same
     * values on both paths.
     *
     * @param manager batch manager
     * @param positions row-major positions [B * L]
     * @param rows B
     * @param length L
     * @return cos and sin tables [B, 1, L, d]
     */
    public NDList tables(NDManager manager, long[] positions, int rows, int length) {
        float[] cos = new float[positions.length * headSize];
        float[] sin = new float[positions.length * headSize];
        int half = headSize / 2;
        double[] invFreq = new double[half];
        for (int i = 0; i < half; i++) {
            invFreq[i] = 1.0 / Math.pow(theta, (2.0 * i) / headSize);
        }
        for (int t = 0; t < positions.length; t++) {
            for (int i = 0; i < half; i++) {
                float angle = (float) (positions[t] * invFreq[i]);
                for (int j : new int[] {i, i + half}) {
                    cos[t * headSize + j] = (float) Math.cos(angle);
                    sin[t * headSize + j] = (float) Math.sin(angle);
                }
            }
        }
        Shape shape = new Shape(rows, 1, length, headSize);
        return new NDList(manager.create(cos, shape), manager.create(sin, shape));
    }

    /**
     * @param x queries or keys [B, heads, L, d]
     * @param tables from {@link #tables}
     * @return rotated x
     */
    public NDArray apply(NDArray x, NDList tables) {
        int half = headSize / 2;
        NDArray x1 = x.get(new NDIndex("..., :{}", half));
        NDArray x2 = x.get(new NDIndex("..., {}:", half));
        NDArray rotated = x2.neg().concat(x1, -1);
        return x.mul(tables.get(0).toType(x.getDataType(), false))
                .add(rotated.mul(tables.get(1).toType(x.getDataType(), false)));
    }
}
