package io.tunestream.kafka.embedded;

import io.tunestream.schemas.KafkaConnection;

/** A started Kafka broker, in this JVM or in a child process; closing it stops it. */
public interface RunningBroker extends AutoCloseable {

    /** The {@code host:port} clients connect to. */
    String bootstrapServers();

    /** How the client listener authenticates, and the users it knows. */
    BrokerSecurity security();

    /** How {@code user} connects (PLAINTEXT when the broker runs without SASL, whatever the user). */
    default KafkaConnection connection(String user) {
        return security().connection(bootstrapServers(), user);
    }

    /** How the super user connects (PLAINTEXT when the broker runs without SASL). */
    default KafkaConnection adminConnection() {
        return security().sasl() ? connection(security().adminUser()) : KafkaConnection.plaintext(bootstrapServers());
    }

    /** Stops the broker and releases what it holds (a temporary log directory, a child process). */
    @Override
    void close();
}
