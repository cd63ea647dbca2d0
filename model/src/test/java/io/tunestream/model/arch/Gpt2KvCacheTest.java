package io.tunestream.model.arch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.peft.SoftPrompt;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CausalDecoder#forwardCached} of GPT-2 gives the last-token logits of {@link CausalDecoder#forward}
 * on the unpadded sequence: token by token, in one chunk, and for left-padded rows of different lengths,
 * with and without a soft prompt (cached on the first call).
 */
class Gpt2KvCacheTest {

    private static final long[] LONG = {4, 5, 6, 7, 8, 9, 4, 10};
    private static final long[] SHORT = {11, 12, 4, 13};
    private static final long PAD = 3;

    private NDManager manager;
    private Gpt2Decoder decoder;

    @BeforeEach
    void setUp() {
        DjlRuntime.configure();
        manager = NDManager.newBaseManager();
        decoder = new Gpt2Decoder(Gpt2DecoderTest.config());
        decoder.initializeUnset(manager);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private void withSoftPrompt(int length) {
        if (length > 0) {
            SoftPrompt prompt = new SoftPrompt(length, decoder.hiddenSize());
            prompt.initializeFromTokens(decoder.wordEmbeddings(), new long[] {5, 9, 12}, manager);
            decoder.setSoftPrompt(prompt);
        }
    }

    /** @return logits of the last position of forward() on one unpadded row [V] */
    private float[] uncachedLastLogits(long[] row, NDManager m) {
        NDArray ids = m.create(row, new Shape(1, row.length));
        TokenBatch batch = new TokenBatch(ids, m.ones(ids.getShape(), DataType.INT64), m.zeros(ids.getShape(), DataType.INT64));
        NDArray hidden = decoder.forward(batch, false).hidden();
        return decoder.logits(hidden.get(new NDIndex(":, -1:, :"))).toFloatArray();
    }

    private float[] lastLogits(NDArray hidden, int row) {
        return decoder.logits(hidden.get(new NDIndex("{}:{}, -1:, :", row, row + 1))).toFloatArray();
    }

    @ParameterizedTest(name = "soft prompt {0}")
    @ValueSource(ints = {0, 3})
    void shouldMatchForwardWhenFedTokenByToken(int softPrompt) {
        withSoftPrompt(softPrompt);
        try (NDManager m = manager.newSubManager()) {
            // Given an empty cache
            KvCache cache = new KvCache();
            NDArray hidden = null;
            // When the tokens go in one at a time
            for (int t = 0; t < LONG.length; t++) {
                NDArray ids = m.create(new long[] {LONG[t]}, new Shape(1, 1));
                hidden = decoder.forwardCached(ids, m.ones(new Shape(1, t + 1), DataType.INT64), cache);
                assertThat(hidden.getShape()).isEqualTo(new Shape(1, 1, decoder.hiddenSize()));
            }
            // Then
            double diff = TorchReference.maxDiff(lastLogits(hidden, 0), uncachedLastLogits(LONG, m));
            System.out.printf("gpt2 cache token by token (soft prompt %d): max abs diff %.3g%n", softPrompt, diff);
            assertThat(diff).isLessThanOrEqualTo(1e-5);
            assertThat(cache.length()).isEqualTo(softPrompt + LONG.length);
            assertThat(cache.prefixLength()).isEqualTo(softPrompt);
        }
    }

    @ParameterizedTest(name = "soft prompt {0}")
    @ValueSource(ints = {0, 3})
    void shouldMatchForwardWhenFedInOneChunk(int softPrompt) {
        withSoftPrompt(softPrompt);
        try (NDManager m = manager.newSubManager()) {
            // Given / When the whole prompt in one call
            KvCache cache = new KvCache();
            NDArray hidden = decoder.forwardCached(m.create(LONG, new Shape(1, LONG.length)),
                    m.ones(new Shape(1, LONG.length), DataType.INT64), cache);
            // Then: hidden states of the tokens only, and the same last logits
            assertThat(hidden.getShape()).isEqualTo(new Shape(1, LONG.length, decoder.hiddenSize()));
            double diff = TorchReference.maxDiff(lastLogits(hidden, 0), uncachedLastLogits(LONG, m));
            System.out.printf("gpt2 cache one chunk (soft prompt %d): max abs diff %.3g%n", softPrompt, diff);
            assertThat(diff).isLessThanOrEqualTo(1e-5);
        }
    }

    @ParameterizedTest(name = "soft prompt {0}")
    @ValueSource(ints = {0, 3})
    void shouldMatchForwardPerRowWhenLeftPaddedRowsDifferInLength(int softPrompt) {
        withSoftPrompt(softPrompt);
        try (NDManager m = manager.newSubManager()) {
            // Given two rows, the short one left-padded: all but the last two tokens are prefilled together
            int length = LONG.length;
            long[] padded = new long[length];
            long[] shortMask = new long[length];
            Arrays.fill(padded, PAD);
            System.arraycopy(SHORT, 0, padded, length - SHORT.length, SHORT.length);
            Arrays.fill(shortMask, length - SHORT.length, length, 1);
            long[] ids = concat(LONG, padded);
            long[] mask = concat(ones(length), shortMask);
            KvCache cache = new KvCache();
            int prefill = length - 2;
            // When: prefill, then one token per call
            NDArray hidden = decoder.forwardCached(slice(ids, length, 0, prefill, m), slice(mask, length, 0, prefill, m),
                    cache);
            for (int t = prefill; t < length; t++) {
                hidden = decoder.forwardCached(slice(ids, length, t, t + 1, m), slice(mask, length, 0, t + 1, m), cache);
            }
            // Then each row's last logits equal forward() on the row without padding
            double diffLong = TorchReference.maxDiff(lastLogits(hidden, 0), uncachedLastLogits(LONG, m));
            double diffShort = TorchReference.maxDiff(lastLogits(hidden, 1), uncachedLastLogits(SHORT, m));
            System.out.printf("gpt2 cache left-padded batch (soft prompt %d): max abs diff %.3g / %.3g%n", softPrompt,
                    diffLong, diffShort);
            assertThat(diffLong).isLessThanOrEqualTo(1e-5);
            assertThat(diffShort).isLessThanOrEqualTo(1e-5);
            assertThat(cache.length()).isEqualTo(softPrompt + length);
        }
    }

    private static NDArray slice(long[] flat, int width, int from, int to, NDManager m) {
        int rows = flat.length / width;
        long[] out = new long[rows * (to - from)];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * width + from, out, r * (to - from), to - from);
        }
        return m.create(out, new Shape(rows, to - from));
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long[] ones(int n) {
        long[] out = new long[n];
        Arrays.fill(out, 1);
        return out;
    }
}
