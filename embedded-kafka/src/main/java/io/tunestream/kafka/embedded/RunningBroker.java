package io.tunestream.kafka.embedded;

/** A started Kafka broker, in this JVM or in a child process; closing it stops it. */
public interface RunningBroker extends AutoCloseable {

    /** The {@code host:port} clients connect to. */
    String bootstrapServers();

    /** Stops the broker and releases what it holds (a temporary log directory, a child process). */
    @Override
    void close();
}
