package io.tunestream.stage;

import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;

/**
 * How a data stage stops on SIGTERM: {@link KafkaStreams#close(KafkaStreams.CloseOptions)} with a bounded grace and leaving the
 * consumer group. A clean close lets the record in hand finish (a seal's whole version included), then commits the
 * open exactly-once transaction (output, store changelogs and input offsets together), so a replacement starts after
 * it and never re-emits the version. Leaving the group hands the partitions over at once instead of after the
 * session timeout. Quarkus' Kafka Streams extension (3.33) closes with {@code close()} at shutdown: no bound, and
 * without leaving the group; each stage service calls this first, so the extension's later close finds it closed.
 */
public final class StageShutdown {

    private static final System.Logger LOG = System.getLogger(StageShutdown.class.getName());

    private StageShutdown() {
    }

    /**
     * @param streams the stage's Kafka Streams
     * @param grace   the longest to wait for the record in hand and the commit; past it the close goes on in the
     *                background and, if the process then exits, the open transaction is aborted by the broker after
     *                the transaction timeout (the replacement re-reads that input: nothing is lost or doubled)
     * @return whether the stage stopped within the grace
     */
    public static boolean close(KafkaStreams streams, Duration grace) {
        LOG.log(System.Logger.Level.INFO, "Stage stopping: closing Kafka Streams (state {0}) within {1}, leaving the "
                + "group; the transaction in hand is finished and committed", streams.state(), grace);
        long started = System.nanoTime();
        boolean closed = streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(grace));
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (closed) {
            LOG.log(System.Logger.Level.INFO, "Stage stopped cleanly in {0} ms (state {1})", ms, streams.state());
        } else {
            LOG.log(System.Logger.Level.WARNING, "Stage did not stop within {0} (state {1}): its open transaction, if "
                    + "any, is aborted by the broker after the transaction timeout", grace, streams.state());
        }
        return closed;
    }
}
