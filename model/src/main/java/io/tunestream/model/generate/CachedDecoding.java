package io.tunestream.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.tunestream.model.arch.CausalDecoder;
import io.tunestream.model.arch.KvCache;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoding with a {@link KvCache}: the prompts left-padded in one {@link CausalDecoder#forwardCached}
 * call, then one call per new token for the rows still going; rows that end leave the batch, the mask
 * and the cache.
 */
final class CachedDecoding {

    private final CausalDecoder decoder;

    CachedDecoding(CausalDecoder decoder) {
        this.decoder = decoder;
    }

    void run(List<DecodingRow> rows, NDManager manager) {
        List<DecodingRow> active = new ArrayList<>(rows);
        try (NDManager generation = manager.newSubManager()) {
            KvCache cache = new KvCache();
            LeftPaddedMask mask = new LeftPaddedMask(active.stream().mapToInt(DecodingRow::promptLength).toArray());
            float[][] logits = call(mask, mask.leftPad(active.stream().map(DecodingRow::prompt).toList()), mask.shape(),
                    cache, generation);
            while (true) {
                List<Integer> kept = DecodingRow.advanceAll(active, logits);
                if (kept.isEmpty()) {
                    return;
                }
                if (kept.size() < active.size()) {
                    dropRows(cache, kept, generation);
                    mask.keep(kept);
                    active = kept.stream().map(active::get).toList();
                }
                mask.extend();
                long[] next = active.stream().mapToLong(DecodingRow::last).toArray();
                logits = call(mask, next, new Shape(next.length, 1), cache, generation);
            }
        }
    }

    /**
     * One forwardCached call. Every call's ids and mask are made in the generation's manager and closed
     * after it, so the cache may live in the manager of the ids (of the first call or of any call):
     * a decoder may keep its cache where its inputs are.
     */
    private float[][] call(LeftPaddedMask mask, long[] ids, Shape shape, KvCache cache, NDManager generation) {
        try (NDArray input = generation.create(ids, shape);
                NDArray attention = generation.create(mask.values(), mask.shape())) {
            return NextTokenLogits.lastLogits(decoder, decoder.forwardCached(input, attention, cache));
        }
    }

    /** Keeps only the given batch rows of every cached key and value. */
    private static void dropRows(KvCache cache, List<Integer> kept, NDManager owner) {
        try (NDManager scope = owner.newSubManager()) {
            NDArray index = scope.create(kept.stream().mapToLong(Integer::longValue).toArray());
            for (int layer = 0; cache.keys(layer) != null; layer++) {
                NDArray k = cache.keys(layer);
                NDArray v = cache.values(layer);
                NDArray keptK = k.get(new NDIndex("{}", index.toDevice(k.getDevice(), false)));
                NDArray keptV = v.get(new NDIndex("{}", index.toDevice(v.getDevice(), false)));
                keptK.attach(k.getManager());
                keptV.attach(v.getManager());
                cache.set(layer, keptK, keptV);
                k.close();
                v.close();
            }
        }
    }

}
