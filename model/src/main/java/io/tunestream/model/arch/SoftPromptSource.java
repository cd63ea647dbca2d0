package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;

/** Supplies soft-prompt vectors that a backbone prepends to its input embeddings. */
public interface SoftPromptSource {

    /** @return the prompt vectors [P, H] */
    NDArray vectors();

    /** @return number of prompt vectors P */
    int length();
}
