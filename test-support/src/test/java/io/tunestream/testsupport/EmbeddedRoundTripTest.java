package io.tunestream.testsupport;

/** The contract against the shared embedded broker (or {@code KAFKA_BOOTSTRAP_SERVERS}). */
class EmbeddedRoundTripTest extends TransactionalRoundTripContract {

    @Override
    protected String bootstrapServers() {
        return KafkaTestSupport.bootstrapServers();
    }
}
