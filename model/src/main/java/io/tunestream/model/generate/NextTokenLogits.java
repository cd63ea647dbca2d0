package io.tunestream.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.tunestream.model.arch.CausalDecoder;
import java.util.Arrays;

/** Reads next-token logits off a decoder's hidden states. */
final class NextTokenLogits {

    private NextTokenLogits() {}

    /** @return logits of the last position of each row [B][V]; closes {@code hidden} */
    static float[][] lastLogits(CausalDecoder decoder, NDArray hidden) {
        long rows = hidden.getShape().get(0);
        try (NDManager scope = hidden.getManager().newSubManager()) {
            hidden.attach(scope);
            float[] flat = decoder.logits(hidden.get(new NDIndex(":, -1:, :"))).toType(DataType.FLOAT32, false)
                    .toFloatArray();
            float[][] out = new float[(int) rows][];
            int width = flat.length / (int) rows;
            for (int r = 0; r < rows; r++) {
                out[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
            }
            return out;
        }
    }

}
