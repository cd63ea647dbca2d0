package io.tunestream.clean.domain;

import java.util.Arrays;
import net.openhft.hashing.LongHashFunction;

/**
 * MinHash signatures by one-permutation hashing with optimal densification (Li, Owen &amp; Zhang
 * 2012; Shrivastava 2017): each shingle is hashed once (64 bits), the top bits pick one of
 * {@code k} bins, the bin keeps its minimum; empty bins borrow from a bin chosen by a hash of
 * (bin, attempt). For two sets, {@code P[sig_i(A) == sig_i(B)] = Jaccard(A, B)} as for k
 * independent permutations, at the cost of one hash per shingle instead of k.
 *
 * <p>Allocation-free per text after construction; not thread-safe (holds the signature buffer).
 */
public final class MinHasher {

    private static final LongHashFunction XX3 = LongHashFunction.xx3();
    private static final long BASE = 0x100000001B3L; // odd multiplier of the rolling character hash
    private static final int EMPTY = Integer.MAX_VALUE;
    private static final int PRECOMPUTED = 8;

    private final int k;
    private final ShingleMode mode;
    private final int shingleSize;
    private final long basePower;
    private final long[] wordRing;
    private final int[] signature;
    private final int[] donors; // the first PRECOMPUTED donors of every bin
    private char[] chars = new char[512];

    /** A hasher producing {@code numPerms} values from shingles of {@code shingleSize} characters or words. */
    public MinHasher(int numPerms, ShingleMode mode, int shingleSize) {
        this.k = numPerms;
        this.mode = mode;
        this.shingleSize = shingleSize;
        long p = 1;
        for (int i = 0; i < shingleSize; i++) {
            p *= BASE;
        }
        this.basePower = p;
        this.wordRing = new long[shingleSize];
        this.signature = new int[numPerms];
        this.donors = new int[numPerms * PRECOMPUTED];
        for (int bin = 0; bin < numPerms; bin++) {
            for (int attempt = 1; attempt <= PRECOMPUTED; attempt++) {
                donors[bin * PRECOMPUTED + attempt - 1] = donor(bin, attempt);
            }
        }
    }

    /** The signature of {@code text}; the returned array is reused by the next call. */
    public int[] signature(String text) {
        Arrays.fill(signature, EMPTY);
        if (mode == ShingleMode.CHARACTER) {
            characterShingles(text);
        } else {
            wordShingles(text);
        }
        densify();
        return signature;
    }

    private void characterShingles(String text) {
        int n = text.length();
        if (n <= shingleSize) {
            offer(XX3.hashChars(text));
            return;
        }
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        char[] c = chars;
        text.getChars(0, n, c, 0);
        long h = 0;
        for (int i = 0; i < n; i++) {
            h = h * BASE + c[i];
            if (i >= shingleSize) {
                h -= basePower * c[i - shingleSize];
            }
            if (i >= shingleSize - 1) {
                offer(fmix64(h));
            }
        }
    }

    private void wordShingles(String text) {
        int words = 0;
        int n = text.length();
        for (int i = 0; i < n; ) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                wordRing[words % shingleSize] = XX3.hashChars(text, start, i - start);
                words++;
                if (words >= shingleSize) {
                    offer(combineRing(words));
                }
            }
        }
        if (words > 0 && words < shingleSize) {
            offer(combineRing(words));
        }
    }

    /** Order-sensitive combination of the last min(words, shingleSize) word hashes. */
    private long combineRing(int words) {
        int count = Math.min(words, shingleSize);
        long h = 0;
        for (int j = words - count; j < words; j++) {
            h = h * BASE + wordRing[j % shingleSize];
        }
        return fmix64(h);
    }

    private void offer(long hash) {
        int bin = (int) ((hash >>> 32) * k >>> 32); // unbiased range reduction of the high bits
        int value = (int) hash & 0x7FFFFFFF;       // low bits: independent of the bin choice
        signature[bin] = Math.min(value, signature[bin]); // branch-free: the comparison is unpredictable
    }

    private void densify() {
        boolean anyFilled = false;
        for (int v : signature) {
            anyFilled |= v != EMPTY;
        }
        if (!anyFilled) {
            return;
        }
        for (int bin = 0; bin < k; bin++) {
            if (signature[bin] == EMPTY) {
                signature[bin] = borrow(bin) | DENSIFIED;
            }
        }
        for (int bin = 0; bin < k; bin++) {
            signature[bin] &= ~DENSIFIED;
        }
    }

    /** The value of the first originally non-empty bin in this bin's fixed donor sequence. */
    private int borrow(int bin) {
        for (int attempt = 1; ; attempt++) {
            int donor = attempt <= PRECOMPUTED ? donors[bin * PRECOMPUTED + attempt - 1] : donor(bin, attempt);
            int v = signature[donor];
            if (v != EMPTY && !wasDensified(donor)) {
                return v;
            }
        }
    }

    /** The attempt-th donor of a bin: the same for every text, which keeps estimates unbiased. */
    private int donor(int bin, long attempt) {
        return (int) ((fmix64(bin * 0x9E3779B97F4A7C15L + attempt) >>> 32) * k >>> 32);
    }

    private static final int DENSIFIED = 0x80000000;

    private boolean wasDensified(int bin) {
        return (signature[bin] & DENSIFIED) != 0;
    }

    /** MurmurHash3's 64-bit finaliser: a bijective avalanche mix. */
    static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** The signature length. */
    public int numPerms() {
        return k;
    }
}
