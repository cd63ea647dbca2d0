package io.tunestream.model.safetensors;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file (or shard index) that does not follow the format: truncated, bad header, bad offsets. */
public class SafetensorsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param file the file that is malformed
     * @param reason what is wrong with it, in words
     */
    public SafetensorsFormatException(Path file, String reason) {
        super(file + ": not a valid safetensors file: " + reason);
    }

    /**
     * @param file the file that is malformed
     * @param reason what is wrong with it, in words
     * @param cause the parser error behind it
     */
    public SafetensorsFormatException(Path file, String reason, Throwable cause) {
        super(file + ": not a valid safetensors file: " + reason, cause);
    }
}
