package io.tunestream.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.tunestream.schemas.KafkaAccessPolicy;
import io.tunestream.schemas.KafkaConnection;
import io.tunestream.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The broker of the embedded stack (SASL SCRAM-SHA-512 on loopback, StandardAuthorizer, ACLs from
 * {@link KafkaAccessPolicy}): who may not write a topic the services trust is refused, who may is not.
 */
@Timeout(180)
class SecuredBrokerTest {

    private static final String PREFIX = Topics.DEFAULT_PREFIX;
    private static final String REGISTRY_COMMANDS = Topics.name(PREFIX, KafkaAccessPolicy.REGISTRY_COMMANDS);
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startSecuredBroker() {
        broker = EmbeddedKafkaBroker.start(BrokerSettings.defaults().withSecurity(
                BrokerSecurity.randomScram(KafkaAccessPolicy.ADMIN, KafkaAccessPolicy.users())));
        TestTopics.createPipeline(broker.adminConnection(), PREFIX);
        KafkaAcls.applyPolicy(broker.adminConnection(), PREFIX);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** Topics a service trusts because of who writes them, each with its one rightful writer and two intruders. */
    static Stream<Arguments> protectedTopics() {
        return Stream.of(
                Arguments.of(Topics.EVALUATIONS, KafkaAccessPolicy.EVALUATOR, KafkaAccessPolicy.PUBLISHER),
                Arguments.of(Topics.EVALUATIONS, KafkaAccessPolicy.EVALUATOR, KafkaAccessPolicy.TRAINER),
                Arguments.of(Topics.MODELS, KafkaAccessPolicy.REGISTRY, KafkaAccessPolicy.PUBLISHER),
                Arguments.of(Topics.MODELS, KafkaAccessPolicy.REGISTRY, KafkaAccessPolicy.EVALUATOR),
                Arguments.of(KafkaAccessPolicy.REGISTRY_COMMANDS, KafkaAccessPolicy.REGISTRY, KafkaAccessPolicy.PUBLISHER),
                Arguments.of(KafkaAccessPolicy.REGISTRY_COMMANDS, KafkaAccessPolicy.REGISTRY, KafkaAccessPolicy.TRAINER),
                Arguments.of(Topics.DEPLOYMENTS, KafkaAccessPolicy.REGISTRY, KafkaAccessPolicy.TRAINER),
                Arguments.of(Topics.DATASETS_RAW, KafkaAccessPolicy.INGEST, KafkaAccessPolicy.PUBLISHER),
                Arguments.of(Topics.TRAINING_CHECKPOINTS, KafkaAccessPolicy.TRAINER, KafkaAccessPolicy.PUBLISHER),
                Arguments.of(Topics.DATASETS_PREPARED, KafkaAccessPolicy.AUGMENT, KafkaAccessPolicy.CLEAN),
                Arguments.of(Topics.EVALUATIONS, KafkaAccessPolicy.EVALUATOR, KafkaAccessPolicy.CLI));
    }

    @ParameterizedTest(name = "{2} may not write {0}, {1} may")
    @MethodSource("protectedTopics")
    void shouldRefuseAWriteWhenTheUserMayNotWriteTheTopic(String base, String rightful, String intruder) throws Exception {
        // Given
        String topic = Topics.name(PREFIX, base);

        // When / Then: the intruder is refused by the authorizer
        assertThatThrownBy(() -> send(broker.connection(intruder), topic, "forged by " + intruder))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);

        // And the rightful writer's record is the only one the CLI reads back
        long offset = send(broker.connection(rightful), topic, "written by " + rightful);
        assertThat(readAt(topic, offset)).isEqualTo("written by " + rightful);
        assertThat(readAll(topic)).noneMatch(v -> v.startsWith("forged"));
    }

    @Test
    void shouldNeverDeliverARecordWhenTheProducerHasNoCredentials() {
        // Given: a client that does not speak SASL at all
        KafkaConnection anonymous = KafkaConnection.plaintext(broker.bootstrapServers());

        // When / Then: it never gets metadata, so the send never leaves the client
        assertThatThrownBy(() -> send(anonymous, Topics.name(PREFIX, Topics.EVALUATIONS), "forged"))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(readAll(Topics.name(PREFIX, Topics.EVALUATIONS))).noneMatch(v -> v.startsWith("forged"));
    }

    @Test
    void shouldRefuseTheLoginWhenThePasswordIsWrong() {
        // Given: the registry's user name with a guessed password
        KafkaConnection guessed = KafkaConnection.scram(broker.bootstrapServers(), KafkaConnection.SASL_PLAINTEXT,
                KafkaAccessPolicy.REGISTRY, "guessed-password");

        // When / Then
        assertThatThrownBy(() -> send(guessed, REGISTRY_COMMANDS, "forged"))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void shouldLetAnyAuthenticatedUserRequestScoringWhenTheTopicIsOpenToAll() throws Exception {
        // Given
        String topic = Topics.name(PREFIX, Topics.SCORING_REQUESTS);

        // When
        long offset = send(broker.connection(KafkaAccessPolicy.PUBLISHER), topic, "score these");

        // Then
        assertThat(readAt(topic, offset)).isEqualTo("score these");
    }

    @Test
    void shouldRefuseTheReadWhenAUserReadsATopicItHasNoUseFor() {
        // Given: the publisher may write datasets.ingest but read nothing
        KafkaConnection publisher = broker.connection(KafkaAccessPolicy.PUBLISHER);

        // When / Then
        assertThatThrownBy(() -> readAll(publisher, Topics.name(PREFIX, Topics.MODELS)))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    private static long send(KafkaConnection connection, String topic, String value) throws Exception {
        Map<String, Object> props = connection.clientProperties();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, "key", value)).get(30, TimeUnit.SECONDS).offset();
        }
    }

    private static String readAt(String topic, long offset) {
        return readAll(topic).get((int) offset);
    }

    private static List<String> readAll(String topic) {
        return readAll(broker.connection(KafkaAccessPolicy.CLI), topic);
    }

    private static List<String> readAll(KafkaConnection connection, String topic) {
        Map<String, Object> props = connection.clientProperties();
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }
}
