package io.tunestream.model.arch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.Peft;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LlamaDecoder#forwardCached} against {@link LlamaDecoder#forward} on the unpadded sequence:
 * chunk by chunk, with grouped-query attention (4 heads, 2 key/value heads), with a soft prompt, and
 * for left-padded prompts of different lengths in one batch.
 */
class LlamaKvCacheTest {

    private static final double TOLERANCE = 1e-5;
    private static final int VOCAB = 40;

    private static LlamaDecoder tinyLlama(NDManager manager) {
        DecoderConfig config = new DecoderConfig("llama", VOCAB, 32, 2, 4, 2, 64, 64, 1e-6, 10000.0, false, false);
        LlamaDecoder decoder = new LlamaDecoder(config);
        decoder.initializeUnset(manager);
        return decoder;
    }

    private static long[] randomIds(int length, long seed) {
        return new Random(seed).longs(length, 4, VOCAB).toArray();
    }

    /** Logits [L, V] of forward() on one unpadded row, soft-prompt positions dropped. */
    private static float[][] fullLogits(LlamaDecoder decoder, long[] ids, NDManager manager) {
        try (NDManager step = manager.newSubManager()) {
            Shape shape = new Shape(1, ids.length);
            TokenBatch batch = new TokenBatch(step.create(ids, shape), step.ones(shape, DataType.INT64),
                    step.zeros(shape, DataType.INT64));
            HiddenStates states = decoder.forward(batch, false);
            NDArray hidden = states.hidden().get(new NDIndex("0, {}:, :", states.prefixLength()));
            return rows(decoder.logits(hidden).toFloatArray(), ids.length);
        }
    }

    private static float[][] rows(float[] flat, int n) {
        float[][] out = new float[n][];
        int width = flat.length / n;
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return out;
    }

    private static double maxDiff(float[][] a, float[][] b) {
        assertThat(a.length).isEqualTo(b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).hasSameSizeAs(b[i]);
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    /** Feeds one unpadded row through the cache in chunks; returns the logits of every token. */
    private static float[][] cachedLogits(LlamaDecoder decoder, long[] ids, int[] chunks, NDManager manager) {
        float[][] out = new float[ids.length][];
        try (NDManager generation = manager.newSubManager()) {
            KvCache cache = new KvCache();
            int done = 0;
            for (int chunk : chunks) {
                NDManager step = done == 0 ? generation : generation.newSubManager();
                NDArray input = step.create(Arrays.copyOfRange(ids, done, done + chunk), new Shape(1, chunk));
                NDArray mask = step.ones(new Shape(1, done + chunk), DataType.INT64);
                float[][] logits = rows(decoder.logits(decoder.forwardCached(input, mask, cache)).toFloatArray(), chunk);
                System.arraycopy(logits, 0, out, done, chunk);
                done += chunk;
                if (step != generation) {
                    step.close();
                }
            }
            assertThat(cache.length()).isEqualTo(cache.prefixLength() + ids.length);
        }
        return out;
    }

    @Test
    void shouldEqualFullForwardWhenFedChunkByChunkWithGroupedQueryAttention() {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given a tiny Llama with 4 query heads sharing 2 key/value heads, and a 12-token text
            LlamaDecoder decoder = tinyLlama(manager);
            long[] ids = randomIds(12, 1);
            // When the text is fed in chunks of 5, 1, 3, 1, 2 tokens
            float[][] cached = cachedLogits(decoder, ids, new int[] {5, 1, 3, 1, 2}, manager);
            // Then every token's logits equal those of the full forward pass
            double diff = maxDiff(cached, fullLogits(decoder, ids, manager));
            System.out.printf("GQA chunked vs full forward: max abs diff %.3g%n", diff);
            assertThat(diff).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void shouldKeepTheCacheBeforeKeyValueRepetitionWhenHeadsAreGrouped() {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given
            LlamaDecoder decoder = tinyLlama(manager);
            KvCache cache = new KvCache();
            // When
            decoder.forwardCached(manager.create(randomIds(6, 2), new Shape(2, 3)), manager.ones(new Shape(2, 3),
                    DataType.INT64), cache);
            // Then: [B, kvHeads, P, headSize] per layer
            assertThat(cache.keys(0).getShape()).isEqualTo(new Shape(2, 2, 3, 8));
            assertThat(cache.values(1).getShape()).isEqualTo(new Shape(2, 2, 3, 8));
        }
    }

    @Test
    void shouldEqualFullForwardWhenASoftPromptIsCachedOnTheFirstCall() {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given prompt tuning with 5 virtual tokens in front of a 9-token text
            LlamaDecoder decoder = tinyLlama(manager);
            Peft.apply(decoder, new MethodConfig.PromptTuning(5, null), null, manager, 3);
            long[] ids = randomIds(9, 4);
            // When
            float[][] cached = cachedLogits(decoder, ids, new int[] {4, 1, 1, 3}, manager);
            // Then the soft prompt sits at positions 0..4 on both paths
            double diff = maxDiff(cached, fullLogits(decoder, ids, manager));
            System.out.printf("soft prompt chunked vs full forward: max abs diff %.3g%n", diff);
            assertThat(diff).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void shouldEqualUnpaddedForwardWhenPromptsOfDifferentLengthsAreLeftPadded() {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given three prompts of 7, 4 and 1 tokens, left-padded to 7, each continued by 3 tokens
            LlamaDecoder decoder = tinyLlama(manager);
            int[] lengths = {7, 4, 1};
            int width = 7;
            int added = 3;
            long[][] rows = new long[3][];
            long[] ids = new long[3 * width];
            long[][] mask = new long[3][width + added];
            for (int r = 0; r < 3; r++) {
                rows[r] = randomIds(lengths[r] + added, 10 + r);
                for (int t = 0; t < lengths[r]; t++) {
                    ids[r * width + width - lengths[r] + t] = rows[r][t];
                    mask[r][width - lengths[r] + t] = 1;
                }
            }
            float[][][] cached = new float[3][][];
            try (NDManager generation = manager.newSubManager()) {
                KvCache cache = new KvCache();
                // When the prompts run in one call, then one token per row per call
                NDArray hidden = decoder.forwardCached(generation.create(ids, new Shape(3, width)),
                        generation.create(flatten(mask, width), new Shape(3, width)), cache);
                float[][] prompt = rows(decoder.logits(hidden).toFloatArray(), 3 * width);
                for (int r = 0; r < 3; r++) {
                    cached[r] = new float[lengths[r] + added][];
                    System.arraycopy(prompt, r * width + width - lengths[r], cached[r], 0, lengths[r]);
                }
                for (int s = 0; s < added; s++) {
                    try (NDManager step = generation.newSubManager()) {
                        long[] next = new long[3];
                        for (int r = 0; r < 3; r++) {
                            next[r] = rows[r][lengths[r] + s];
                            mask[r][width + s] = 1;
                        }
                        NDArray out = decoder.forwardCached(step.create(next, new Shape(3, 1)),
                                step.create(flatten(mask, width + s + 1), new Shape(3, width + s + 1)), cache);
                        float[][] logits = rows(decoder.logits(out).toFloatArray(), 3);
                        for (int r = 0; r < 3; r++) {
                            cached[r][lengths[r] + s] = logits[r];
                        }
                    }
                }
            }
            // Then each row's logits equal those of its unpadded sequence
            for (int r = 0; r < 3; r++) {
                double diff = maxDiff(cached[r], fullLogits(decoder, rows[r], manager));
                System.out.printf("left-padded row %d (%d tokens) vs unpadded forward: max abs diff %.3g%n", r,
                        lengths[r], diff);
                assertThat(diff).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    private static long[] flatten(long[][] rows, int width) {
        long[] out = new long[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * width, width);
        }
        return out;
    }
}
