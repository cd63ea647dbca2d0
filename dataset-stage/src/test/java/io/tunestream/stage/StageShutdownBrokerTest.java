package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetSeal;
import io.tunestream.kafka.toolkit.TopicSpec;
import io.tunestream.schemas.DatasetEvents;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.testsupport.KafkaTestSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM of a stage in the middle of a seal, on the real broker with exactly_once_v2: {@link StageShutdown#close}
 * (what each stage service's shutdown observer calls) lets the version in hand finish, commits its transaction with
 * the input offsets, and leaves the group; a replacement emits nothing again.
 */
@Timeout(120)
class StageShutdownBrokerTest {

    private static final EventSerializer<DatasetEvent> WRITE = new EventSerializer<>(DatasetEvent.class);

    @Test
    void shouldFinishAndCommitTheVersionInHandWhenStoppedMidSeal() throws Exception {
        // Given a stage whose apply takes a while, and a complete version sent to it
        String prefix = "sd" + UUID.randomUUID().toString().substring(0, 8) + ".";
        StageTopics topics = StageTopics.of(prefix, "datasets.raw", "datasets.clean");
        KafkaTestSupport.createTopics(TopicSpec.of(topics.input(), 1), TopicSpec.of(topics.output(), 1),
                TopicSpec.of(topics.reports(), 1), TopicSpec.of(topics.dlq(), 1));
        CountDownLatch applying = new CountDownLatch(1);
        DatasetStage slow = new DatasetStage() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public StageResult apply(DatasetBatch batch) {
                applying.countDown();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // work in hand, as a large version's clean or split would be
                }
                return new UpperCaseStage().apply(batch);
            }
        };
        String group = "stage-" + topics.input();
        KafkaStreams first = start(topics, slow, group);
        List<DatasetEvent> events = SealedDatasetTopologyTest.dataset("v", "1", "a", "b", "c");
        send(topics.input(), events);

        // When SIGTERM arrives while the seal is being applied
        assertThat(applying.await(60, TimeUnit.SECONDS)).isTrue();
        boolean closed = StageShutdown.close(first, Duration.ofSeconds(30));

        // Then the stage stopped within the grace, its output is committed (read_committed sees it) ...
        assertThat(closed).isTrue();
        EventDeserializer<DatasetEvent> read = new EventDeserializer<>(DatasetEvent.class);
        List<DatasetEvent> out = KafkaTestSupport.drain(topics.output(), new StringDeserializer(),
                new ByteArrayDeserializer(), l -> l.size() >= 2, Duration.ofSeconds(10)).stream()
                .map(r -> read.deserialize("t", r.value())).toList();
        assertThat(out).hasSize(2);
        assertThat(DatasetEvents.records(out.get(0))).hasSize(3);
        assertThat(out.get(1).getBody()).isInstanceOf(DatasetSeal.class);
        // ... together with the input offsets, past the seal
        assertThat(committedOffset(group, new TopicPartition(topics.input(), 0))).isEqualTo(4);

        // When a replacement starts, it does not emit the version again
        KafkaStreams second = start(topics, new UpperCaseStage(), group);
        await().atMost(Duration.ofSeconds(60)).until(() -> second.state() == KafkaStreams.State.RUNNING);
        send(topics.input(), SealedDatasetTopologyTest.dataset("v", "2", "d"));
        List<ConsumerRecord<String, byte[]>> all = KafkaTestSupport.drain(topics.output(), new StringDeserializer(),
                new ByteArrayDeserializer(), l -> l.size() >= 4, Duration.ofSeconds(60));
        second.close(Duration.ofSeconds(30));
        assertThat(all).extracting(ConsumerRecord::key).containsExactly("v@1", "v@1", "v@2", "v@2");
    }

    private static long committedOffset(String group, TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestSupport.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group,
                    new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            return offsets.get(partition).offset();
        }
    }

    private static void send(String topic, List<DatasetEvent> events) {
        try (KafkaProducer<String, byte[]> producer = KafkaTestSupport.producer(Map.of(), new StringSerializer(),
                new ByteArraySerializer())) {
            for (DatasetEvent e : events) {
                producer.send(new ProducerRecord<>(topic, e.getDatasetId() + "@" + e.getVersion(), WRITE.serialize("t", e)));
            }
        }
    }

    private static KafkaStreams start(StageTopics topics, DatasetStage stage, String group) throws Exception {
        var props = StageStreamsConfig.of(group, KafkaTestSupport.bootstrapServers(),
                Files.createTempDirectory("stage-state").toString());
        props.put("consumer.session.timeout.ms", "6000");
        props.put("consumer.heartbeat.interval.ms", "1000");
        KafkaStreams streams = new KafkaStreams(SealedDatasetTopology.build(topics, stage), props);
        streams.start();
        return streams;
    }
}
