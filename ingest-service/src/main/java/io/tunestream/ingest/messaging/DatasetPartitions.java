package io.tunestream.ingest.messaging;

import io.tunestream.kafka.toolkit.KeyPartitions;


/** The partition of a dataset key: the same murmur2 hash as Kafka's default partitioner for a String key. */
public final class DatasetPartitions {

    private DatasetPartitions() {
    }

    public static int of(String datasetKey, int partitions) {
        return KeyPartitions.partitionFor(datasetKey, partitions);
    }
}
