package io.tunestream.model.generate;

/**
 * The new tokens of one prompt, before decoding to text.
 *
 * @param tokenIds the new token ids, EOS included when it ended the row
 * @param promptTokens tokens of the prompt as run (after truncation)
 * @param stoppedAtEos whether the row ended at EOS rather than at its token budget
 */
public record Continuation(long[] tokenIds, int promptTokens, boolean stoppedAtEos) {}
