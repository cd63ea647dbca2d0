package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;

/**
 * A decoder-only Transformer that predicts the next token (LLaMA family, GPT-2). Both paths
 * give the same hidden states for the same real tokens:
 * <ul>
 *   <li>{@link #forward} runs the whole (right-padded) batch, for training and scoring;
 *   <li>{@link #forwardCached} runs new tokens against a {@link KvCache} of earlier ones, for
 *       generation; position ids come from the attention mask ({@code cumsum(mask) - 1}, as Hugging
 *       Face does), so left-padded prompts are positioned as if unpadded.
 * </ul>
 */
public interface CausalDecoder {

    /**
     * @param batch token ids and mask [B, L], right-padded
     * @param training whether dropout is active
     * @return final hidden states (after the last norm) with the soft-prompt prefix, if any
     */
    HiddenStates forward(TokenBatch batch, boolean training);

    /**
     * Runs {@code T} new tokens per row after the {@code P} positions held in the cache, and appends
     * their keys and values to it. On the first call (empty cache) a soft prompt, if any, is put in
     * front and cached too; {@code attentionMask} never covers soft-prompt positions.
     *
     * @param inputIds new token ids [B, T]
     * @param attentionMask [B, P' + T] over the real tokens seen so far (cached and new; 0 for
     *     left padding), P' = cached positions without the soft prompt
     * @param cache keys and values of earlier positions; extended in place
     * @return final hidden states of the new tokens [B, T, H] (no dropout)
     */
    NDArray forwardCached(NDArray inputIds, NDArray attentionMask, KvCache cache);

    /**
     * @param hidden final hidden states [B, L, H]
     * @return vocabulary logits [B, L, V] (tied heads use the embedding matrix)
     */
    NDArray logits(NDArray hidden);

    /** @return longest sequence the positions support (soft prompt included) */
    int maxPositions();

    /** @return rows of the word-embedding matrix */
    int vocabSize();

    /** @return {@code bos_token_id} of config.json, or -1 (GPT-2 has none in front of a text) */
    int bosTokenId();

    /** @return {@code eos_token_id} of config.json, or -1 */
    int eosTokenId();
}
