package io.tunestream.model.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One prompt being continued: its tokens so far, its own seeded picker and its budget, which is
 * {@code maxNewTokens} or less where the decoder's positions run out first.
 */
final class DecodingRow {

    private final long[] prompt;
    private final long[] fresh;
    private final NextTokenPicker picker;
    private final int eosTokenId;
    private int made;
    private boolean eos;

    /**
     * @param prompt prompt ids (already truncated to fit)
     * @param budget most new tokens this row may have
     * @param picker the row's picker
     * @param eosTokenId the token that ends the row, or -1
     */
    DecodingRow(long[] prompt, int budget, NextTokenPicker picker, int eosTokenId) {
        this.prompt = prompt;
        this.fresh = new long[budget];
        this.picker = picker;
        this.eosTokenId = eosTokenId;
    }

    /** Picks and appends the next token from this row's logits. */
    void advance(float[] logits) {
        int next = picker.pick(logits);
        fresh[made++] = next;
        eos = eosTokenId >= 0 && next == eosTokenId;
    }

    /** @return whether the row has ended (EOS or budget spent) */
    boolean done() {
        return eos || made == fresh.length;
    }

    /** @return the last token picked */
    long last() {
        return fresh[made - 1];
    }

    /** @return prompt and new tokens */
    long[] sequence() {
        long[] all = Arrays.copyOf(prompt, prompt.length + made);
        System.arraycopy(fresh, 0, all, prompt.length, made);
        return all;
    }

    int promptLength() {
        return prompt.length;
    }

    long[] prompt() {
        return prompt;
    }

    Continuation result() {
        return new Continuation(Arrays.copyOf(fresh, made), prompt.length, eos);
    }

    /** Lets every active row pick its next token; @return indices (into active) of rows not done */
    static List<Integer> advanceAll(List<DecodingRow> active, float[][] logits) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            active.get(i).advance(logits[i]);
            if (!active.get(i).done()) {
                kept.add(i);
            }
        }
        return kept;
    }

}
