package io.tunestream.ingest.messaging;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/** The partition of a dataset key: the same murmur2 hash as Kafka's default partitioner for a String key. */
public final class DatasetPartitions {

    private DatasetPartitions() {
    }

    public static int of(String datasetKey, int partitions) {
        return Utils.toPositive(Utils.murmur2(datasetKey.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
