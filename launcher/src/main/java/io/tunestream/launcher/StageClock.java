package io.tunestream.launcher;

import io.tunestream.events.StageReport;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.KafkaConnection;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.EventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * When each data stage finished a dataset version, as a consumer sees it: the moment its stage report (written in
 * the same transaction as the stage's output and seal) becomes visible with {@code read_committed}. The reports
 * topic carries a few small messages per version, so watching it costs the stages nothing.
 */
final class StageClock implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final EventDeserializer<StageReport> reports = new EventDeserializer<>(StageReport.class);
    private final String topic;

    StageClock(KafkaConnection kafka, String topic) {
        Properties p = kafka.properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    /**
     * Waits until every stage of {@code stages} reported on the version; returns {@link System#nanoTime()} at which
     * each report was first seen, in stage order. Throws when the deadline passes first.
     */
    Map<String, Long> await(String datasetId, String version, List<String> stages, Duration timeout) {
        byte[] key = DatasetKeys.of(datasetId, version).getBytes(StandardCharsets.UTF_8);
        int partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).size();
        TopicPartition tp = new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % partitions);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        Map<String, Long> seen = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.size() < stages.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                if (!Arrays.equals(r.key(), key)) {
                    continue;
                }
                try {
                    StageReport report = reports.deserialize(topic, r.value());
                    if (stages.contains(report.getStage())) {
                        seen.putIfAbsent(report.getStage(), System.nanoTime());
                    }
                } catch (EventDecodingException e) {
                    // not a report of ours: the count check below fails if a stage never reports
                }
            }
        }
        if (seen.size() < stages.size()) {
            throw new IllegalStateException("stages " + stages + " did not all report on " + datasetId + "@" + version
                    + " within " + timeout + "; seen: " + seen.keySet());
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        stages.forEach(s -> ordered.put(s, seen.get(s)));
        return ordered;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
