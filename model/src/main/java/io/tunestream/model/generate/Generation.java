package io.tunestream.model.generate;

/**
 * One generated continuation.
 *
 * @param prompt the prompt as given
 * @param text the decoded new tokens (special tokens skipped)
 * @param tokenIds the new token ids, EOS included when it ended the row
 * @param promptTokens tokens of the prompt (BOS included), after truncation
 * @param stoppedAtEos whether the row ended at EOS rather than at {@code maxNewTokens}
 */
public record Generation(String prompt, String text, long[] tokenIds, int promptTokens, boolean stoppedAtEos) {}
