import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.io.FileReader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer from another system: only Apicurio's Avro deserializer (Confluent wire format), kafka-clients and
 * Avro on its class path, no tunestream class. Run as a single-file source program:
 * {@code java -cp <jars> ConfluentTopicReader.java <client.properties> <apicurio url> <topic>...}. Reads each topic
 * from the beginning to its end offsets and prints one line per record:
 * {@code topic TAB magic-byte TAB schema-id TAB record full name TAB record as JSON}.
 */
public class ConfluentTopicReader {

    public static void main(String[] args) throws Exception {
        try {
            Class.forName("io.tunestream.events.Evaluation");
            System.out.println("tunestream classes: present");
        } catch (ClassNotFoundException e) {
            System.out.println("tunestream classes: none");
        }
        Properties client = new Properties();
        try (FileReader in = new FileReader(args[0])) {
            client.load(in);
        }
        Map<String, Object> serde = new HashMap<>();
        serde.put("apicurio.registry.url", args[1]);
        // the Confluent wire format: magic byte 0, a 4-byte schema (content) id in the payload, no headers
        serde.put("apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler");
        serde.put("apicurio.registry.use-id", "contentId");
        serde.put("apicurio.registry.headers.enabled", "false");
        try (AvroKafkaDeserializer<GenericRecord> values = new AvroKafkaDeserializer<>();
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(client, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            values.configure(serde, false);
            for (int i = 2; i < args.length; i++) {
                read(consumer, values, args[i]);
            }
        }
    }

    private static void read(KafkaConsumer<byte[], byte[]> consumer, AvroKafkaDeserializer<GenericRecord> values,
                             String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.value() == null) {
                    continue;
                }
                ByteBuffer header = ByteBuffer.wrap(r.value());
                int magic = header.get();
                int id = header.getInt();
                GenericRecord value = values.deserialize(topic, r.value());
                System.out.println(topic + "\t" + magic + "\t" + id + "\t" + value.getSchema().getFullName() + "\t" + value);
            }
        }
        System.out.println(topic + "\tend");
    }
}
