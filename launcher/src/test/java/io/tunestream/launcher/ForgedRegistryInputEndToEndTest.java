package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.kafka.embedded.FreePort;
import io.tunestream.schemas.KafkaAccessPolicy;
import io.tunestream.schemas.KafkaConnection;
import io.tunestream.schemas.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of issue 14 against the secured embedded stack: another user than the registry writes a command to
 * {@code registry.commands}, another user than the evaluator writes an evaluation. The broker refuses both, so the
 * running registry never sees them: its input log and its models stay empty, and it stays ready.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ForgedRegistryInputEndToEndTest {

    private static final String COMMANDS = Topics.name(Topics.DEFAULT_PREFIX, KafkaAccessPolicy.REGISTRY_COMMANDS);
    private static final String EVALUATIONS = Topics.name(Topics.DEFAULT_PREFIX, Topics.EVALUATIONS);
    private static final String MODELS = Topics.name(Topics.DEFAULT_PREFIX, Topics.MODELS);
    private static final byte[] FORGED_COMMAND = ("{\"commandId\":\"forged\",\"modelName\":\"spam-filter\","
            + "\"type\":\"PROMOTE\",\"version\":1,\"actor\":\"someone\"}").getBytes(StandardCharsets.UTF_8);
    private static EmbeddedStack stack;
    private static ServiceSpec registry;

    @BeforeAll
    static void startSecuredStack(@TempDir Path work) {
        Path jar = Path.of("..", "registry-service", "target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("registry-service must be built first (./mvnw verify from the root builds it)").isRegularFile();
        registry = ServiceSpec.quarkusJar("registry-service", jar, FreePort.pick())
                .withEnv(Map.of("TUNESTREAM_REGISTRY_ARTIFACT_ROOT", work.resolve("registry").toString()));
        stack = EmbeddedStack.start(new StackSettings(BrokerMode.IN_PROCESS, BrokerSettings.defaults(),
                StackTopics.defaults(), List.of(registry), work.resolve("logs"), Duration.ofMinutes(3)),
                new PrintStream(PrintStream.nullOutputStream()));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldNeverLetAForgedCommandReachTheRegistryWhenAnotherUserWritesIt() throws Exception {
        for (String intruder : List.of(KafkaAccessPolicy.PUBLISHER, KafkaAccessPolicy.TRAINER,
                KafkaAccessPolicy.EVALUATOR, KafkaAccessPolicy.CLI)) {
            // When / Then
            assertThatThrownBy(() -> send(stack.kafka(intruder), COMMANDS, FORGED_COMMAND)).as(intruder)
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(records(COMMANDS)).isZero();
        assertThat(records(MODELS)).isZero();
        assertThat(ready()).isEqualTo(200);
    }

    @Test
    void shouldNeverLetAForgedEvaluationReachTheRegistryWhenAnotherUserThanTheEvaluatorWritesIt() throws Exception {
        for (String intruder : List.of(KafkaAccessPolicy.PUBLISHER, KafkaAccessPolicy.TRAINER, KafkaAccessPolicy.INGEST)) {
            assertThatThrownBy(() -> send(stack.kafka(intruder), EVALUATIONS, "forged".getBytes(StandardCharsets.UTF_8)))
                    .as(intruder).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(records(EVALUATIONS)).isZero();
        assertThat(records(MODELS)).isZero();
        assertThat(ready()).isEqualTo(200);
    }

    private static void send(KafkaConnection kafka, String topic, byte[] value) throws Exception {
        Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "spam-filter", value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** How many records {@code topic} holds, read as the stack's read-only user. */
    private static long records(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(stack.cliConnection().clientProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(30)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static int ready() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(registry.readinessUrl()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
