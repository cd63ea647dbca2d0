package io.tunestream.registry.support;

import io.tunestream.events.DeploymentEvent;
import io.tunestream.events.Evaluation;
import io.tunestream.registry.artifact.FileArtifactStore;
import io.tunestream.registry.streams.RegistryTopics;
import io.tunestream.schemas.serde.AvroSerdes;
import io.tunestream.testsupport.KafkaTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Talks to the registry the way other systems do: evaluations in, deployment events out. */
public final class RegistryFixture {

    private RegistryFixture() {
    }

    /** Publishes evaluations, in order, and waits for the broker's acknowledgement. */
    public static void publish(RegistryTopics topics, Evaluation... evaluations) throws Exception {
        try (KafkaProducer<String, Evaluation> producer = KafkaTestSupport.producer(Map.of(), new StringSerializer(),
                AvroSerdes.serde(Evaluation.class).serializer())) {
            for (Evaluation evaluation : evaluations) {
                producer.send(new ProducerRecord<>(topics.evaluations(), evaluation.getEvaluationId(), evaluation)).get();
            }
        }
    }

    /** A blessed evaluation whose checkpoint weights are a real file with its SHA-256. */
    public static Evaluation withWeights(String evaluationId, String model, Path dir, String content) throws Exception {
        Files.createDirectories(dir);
        Path weights = Files.writeString(dir.resolve(evaluationId + "-adapter.bin"), content);
        return Evaluations.builder(evaluationId, model, true)
                .setArtifactUri(weights.toUri().toString())
                .setArtifactSha256(FileArtifactStore.sha256(weights))
                .build();
    }

    /** Reads deployment events of one model from the start until the predicate holds. */
    public static List<DeploymentEvent> deployments(RegistryTopics topics, String model,
                                                    Predicate<List<DeploymentEvent>> until) {
        List<ConsumerRecord<String, DeploymentEvent>> records = KafkaTestSupport.drain(topics.deployments(),
                new StringDeserializer(), AvroSerdes.serde(DeploymentEvent.class).deserializer(),
                read -> until.test(ofModel(read, model)), Duration.ofSeconds(30));
        return ofModel(records, model);
    }

    private static List<DeploymentEvent> ofModel(List<ConsumerRecord<String, DeploymentEvent>> records, String model) {
        return records.stream().filter(r -> model.equals(r.key())).map(ConsumerRecord::value).toList();
    }
}
