package io.tunestream.stage;

import org.apache.kafka.common.header.Headers;

/**
 * One input message of an open dataset version, kept as it came (bytes, headers, offset) until the version's seal,
 * where it is decoded and checked ({@link InputEvent}), and dead-lettered with these very bytes if it is poison.
 *
 * @param offset    its offset in the input partition
 * @param timestamp its record timestamp
 */
record HeldMessage(long offset, byte[] key, byte[] value, Headers headers, long timestamp) {

    /** Bytes it occupies, for the memory bound. */
    long size() {
        return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }
}
