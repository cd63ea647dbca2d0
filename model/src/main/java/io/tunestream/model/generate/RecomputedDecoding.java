package io.tunestream.model.generate;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.tunestream.model.arch.CausalDecoder;
import io.tunestream.model.arch.HiddenStates;
import io.tunestream.model.arch.TokenBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reference decoding: every step runs the whole right-padded batch of sequences so far through
 * {@link CausalDecoder#forward} and reads each row's last real position.
 */
final class RecomputedDecoding {

    private final CausalDecoder decoder;

    RecomputedDecoding(CausalDecoder decoder) {
        this.decoder = decoder;
    }

    void run(List<DecodingRow> rows, NDManager manager) {
        List<DecodingRow> active = new ArrayList<>(rows);
        while (!active.isEmpty()) {
            float[][] logits;
            try (NDManager step = manager.newSubManager()) {
                logits = recomputedLogits(active.stream().map(DecodingRow::sequence).toList(), step);
            }
            List<Integer> kept = DecodingRow.advanceAll(active, logits);
            active = kept.stream().map(active::get).toList();
        }
    }

    /** @return next-token logits of each sequence, from one right-padded forward() over all of them */
    private float[][] recomputedLogits(List<long[]> sequences, NDManager step) {
        int width = sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
        long[] ids = new long[sequences.size() * width];
        long[] mask = new long[ids.length];
        for (int r = 0; r < sequences.size(); r++) {
            long[] s = sequences.get(r);
            System.arraycopy(s, 0, ids, r * width, s.length);
            Arrays.fill(mask, r * width, r * width + s.length, 1);
        }
        Shape shape = new Shape(sequences.size(), width);
        HiddenStates states = decoder.forward(new TokenBatch(step.create(ids, shape), step.create(mask, shape),
                step.zeros(shape, DataType.INT64)), false);
        NDList last = new NDList();
        for (int r = 0; r < sequences.size(); r++) {
            int end = states.prefixLength() + sequences.get(r).length;
            last.add(states.hidden().get(new NDIndex("{}:{}, {}:{}, :", r, r + 1, end - 1, end)));
        }
        return NextTokenLogits.lastLogits(decoder, NDArrays.concat(last, 0));
    }

}
