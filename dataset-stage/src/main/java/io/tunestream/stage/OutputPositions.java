package io.tunestream.stage;

import io.tunestream.kafka.toolkit.KeyPartitions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a stage's output of one version will start on its topic, asked of the broker just before the stage writes
 * the version: the partition its key goes to (the producer's default partitioner, as the sink uses) and that
 * partition's end offset. Every batch of the version lands at or after it, since none is sent yet; so it is a safe
 * place for a reader to seek to, and the first batch's own offset unless another writer's records land in between.
 * Kafka Streams shows a processor no offsets of what it sends, so this is the best position known inside the
 * version's transaction (see dataset-stage README, "Index").
 *
 * <p>Without a reachable broker (a TopologyTestDriver, a broker outage) there is no position: the version is then
 * written without an index entry, which readers handle by scanning; the admin client is retried at most once a minute.
 */
final class OutputPositions implements AutoCloseable {

    /** Where the next output of a key starts. */
    record Position(int partition, long offset) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(OutputPositions.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long RETRY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String topic;
    private final Supplier<Admin> admins;
    private Admin admin;
    private int partitions;
    private long nextTry = Long.MIN_VALUE;

    /**
     * @param topic  the full name of the output topic
     * @param admins creates the admin client (from the stage's Kafka Streams settings)
     */
    OutputPositions(String topic, Supplier<Admin> admins) {
        this.topic = topic;
        this.admins = admins;
    }

    /** @return the partition and end offset the next output under {@code key} starts at, if the broker answers */
    Optional<Position> before(byte[] key) {
        try {
            Admin client = admin();
            if (client == null) {
                return Optional.empty();
            }
            if (partitions == 0) {
                partitions = client.describeTopics(List.of(topic)).allTopicNames()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
            }
            TopicPartition tp = new TopicPartition(topic, KeyPartitions.partitionFor(key, partitions));
            long end = client.listOffsets(Map.of(tp, OffsetSpec.latest()),
                            new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .partitionResult(tp).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
            return Optional.of(new Position(tp.partition(), end));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("no index position for {} (the version is written without an index entry; readers scan): {}",
                    topic, e.toString());
            return Optional.empty();
        }
    }

    private Admin admin() {
        if (admin == null && System.nanoTime() >= nextTry) {
            nextTry = System.nanoTime() + RETRY_NANOS;
            try {
                admin = admins.get();
            } catch (RuntimeException e) {
                LOG.warn("no admin client for the index positions of {} (versions get no index entry): {}", topic,
                        e.toString());
            }
        }
        return admin;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
