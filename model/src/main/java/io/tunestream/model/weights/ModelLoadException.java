package io.tunestream.model.weights;

/**
 * A model could not be loaded: a missing file or tensor, a shape mismatch, an unknown
 * architecture or a tokenizer that does not fit the embedding matrix. The message names the
 * file or tensor concerned.
 */
public class ModelLoadException extends RuntimeException {

    /**
     * @param message what failed, naming the file or tensor
     */
    public ModelLoadException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the file or tensor
     * @param cause the underlying error
     */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
