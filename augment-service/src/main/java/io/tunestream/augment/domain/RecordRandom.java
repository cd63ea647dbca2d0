package io.tunestream.augment.domain;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import net.openhft.hashing.LongHashFunction;

/**
 * The random stream of one generated copy, derived from (seed, record id, kind, copy number) only:
 * results are deterministic and independent of the order or the partition records arrive in.
 */
final class RecordRandom {

    private RecordRandom() {
    }

    static RandomGenerator of(long seed, String recordId, String kind, int copy) {
        long h = LongHashFunction.xx3(seed).hashChars(recordId);
        h ^= LongHashFunction.xx3(h).hashChars(kind);
        h += 0x9E3779B97F4A7C15L * (copy + 1L);
        return new SplittableRandom(h);
    }
}
