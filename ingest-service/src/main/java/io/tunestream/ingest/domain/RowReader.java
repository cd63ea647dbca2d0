package io.tunestream.ingest.domain;

import java.io.IOException;

/** Reads input rows one at a time from a stream; never holds more than one row. */
public interface RowReader extends AutoCloseable {

    /**
     * The next row, or null at the end of the input.
     *
     * @throws RejectedInputException when the row cannot be read ({@link RejectedInputException#fatal()} says
     *                                whether reading can go on)
     * @throws IOException            when the stream itself fails (e.g. the client went away)
     */
    InputRow next() throws IOException;

    @Override
    void close() throws IOException;
}
