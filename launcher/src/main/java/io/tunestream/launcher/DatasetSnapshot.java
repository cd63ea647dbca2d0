package io.tunestream.launcher;

import io.tunestream.events.DatasetSeal;

import java.util.Map;

/**
 * A dataset version as read back from one dataset topic with {@code read_committed}.
 *
 * @param topic     the topic read
 * @param records   records of the version seen before its seal
 * @param labels    records per label
 * @param splits    records per split (empty before split-service)
 * @param undecodable records under the version's key that could not be decoded
 * @param seal      the seal, or null when none arrived before the deadline
 */
public record DatasetSnapshot(String topic, long records, Map<String, Long> labels, Map<String, Long> splits,
                              long undecodable, DatasetSeal seal) {

    /** Whether the seal arrived and declares exactly the records seen. */
    public boolean complete() {
        return seal != null && seal.getRecordCount() == records;
    }
}
