package io.tunestream.launcher;

/** Where the stack's Kafka broker runs. */
public enum BrokerMode {
    /** A child JVM ({@code BrokerProcess}): the default, isolates the broker's heap and threads. */
    PROCESS,
    /** Inside the launcher's JVM ({@code EmbeddedKafkaBroker}): starts faster, one process fewer. */
    IN_PROCESS
}
