package io.tunestream.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.tunestream.kafka.toolkit.TopicSpec;

/** One test body, run against each kind of broker a subclass provides. */
@Timeout(180)
abstract class TransactionalRoundTripContract {

    /** The broker under test. */
    protected abstract String bootstrapServers();

    @Test
    void shouldDeliverOnlyCommittedRecordsWhenOneTransactionAborts() {
        // Given
        KafkaClients clients = new KafkaClients(bootstrapServers());
        String topic = KafkaTestSupport.uniqueTopic("contract");
        clients.createTopics(new TopicSpec(topic, 2, false, java.util.Map.of()));

        // When
        try (KafkaProducer<String, String> producer =
                     clients.transactionalProducer(new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "a", "kept"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 1, "b", "dropped"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 1, "c", "kept-too"));
            producer.commitTransaction();
        }
        List<ConsumerRecord<String, String>> records = clients.drain(topic, new StringDeserializer(),
                new StringDeserializer(), read -> values(read).containsAll(List.of("kept", "kept-too")),
                Duration.ofSeconds(60));

        // Then: "dropped" sits before "kept-too" in partition 1, so it would have been read if it were visible
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("kept", "kept-too");
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
