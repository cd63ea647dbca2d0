package io.tunestream.launcher;

import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads events of a stack's topic from the beginning (read_committed), for the end-to-end tests' assertions. */
final class TopicEvents {

    private TopicEvents() {
    }

    /**
     * @param stack the stack
     * @param base the base topic name ({@link Topics})
     * @param type the event class
     * @param key only records with this key, or null for all
     * @param until stop as soon as this holds (or at the timeout)
     * @param timeout how long to read
     * @return the events read, in partition order
     */
    static <T extends SpecificRecord> List<T> read(EmbeddedStack stack, String base, Class<T> type, String key,
            Predicate<List<T>> until, Duration timeout) {
        Properties props = stack.cliConnection().properties();
        props.put("isolation.level", "read_committed");
        props.put("max.partition.fetch.bytes", 4 * 1_048_576);
        String topic = Topics.name(Topics.DEFAULT_PREFIX, base);
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new EventDeserializer<>(type))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<T> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !until.test(out)) {
                for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(300))) {
                    if (key == null || key.equals(r.key())) {
                        out.add(r.value());
                    }
                }
            }
            return out;
        }
    }
}
