package io.tunestream.launcher.dlq.messaging;

import io.tunestream.launcher.dlq.domain.DeadLetter;
import io.tunestream.launcher.dlq.domain.DeadLetterTopics;
import io.tunestream.launcher.dlq.domain.ReplayLedger;
import io.tunestream.launcher.dlq.domain.ReplayOutcome;
import io.tunestream.schemas.KafkaAccessPolicy;
import io.tunestream.schemas.KafkaConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Re-publishes the dead letters of one DLQ to the topic they came from, each exactly once: the DLQ is read with the
 * replay's own consumer group ({@value KafkaAccessPolicy#REPLAY_ID_PREFIX}{@code -<dlq>}), and every batch of
 * re-published records is written in one Kafka transaction together with the group's offset and
 * {@link ReplayLedger} ({@code sendOffsetsToTransaction}). A second replay finds them replayed; a replay that
 * crashed left an open transaction, which the next one's {@code initTransactions} (same transactional id) aborts
 * before it reads the committed ledger, so it resumes where the last committed batch ended. Two replays of the same
 * DLQ at once fence each other. Needs the {@code operator} user: read the DLQ, write its source topic.
 */
public final class DeadLetterReplayer implements AutoCloseable {

    private final KafkaConnection kafka;
    private final String dlq;
    private final String source;
    private final DeadLetterReader reader;
    private KafkaProducer<byte[], byte[]> producer;

    /**
     * @param kafka how the operator reaches the brokers
     * @param dlq   the DLQ (full name)
     */
    public DeadLetterReplayer(KafkaConnection kafka, String dlq) {
        this.kafka = kafka;
        this.dlq = dlq;
        this.source = DeadLetterTopics.sourceOf(dlq);
        this.reader = new DeadLetterReader(kafka, replayId(dlq));
    }

    /** The consumer group and transactional id of the replays of {@code dlq}. */
    public static String replayId(String dlq) {
        return KafkaAccessPolicy.REPLAY_ID_PREFIX + "-" + dlq;
    }

    /**
     * Replays the dead letters not replayed yet ({@code reason}: only that reason's; null: all).
     *
     * @param dryRun count what would be replayed; write and commit nothing
     * @throws IllegalArgumentException when the DLQ holds no dead letters, or none of {@code reason}
     */
    public ReplayOutcome replay(String reason, boolean dryRun) {
        if (!dryRun) {
            producer = transactionalProducer();
            producer.initTransactions(); // aborts what a crashed replay left open, before the ledger is read
        }
        Map<TopicPartition, Long> end = reader.assignFromStart(dlq);
        Map<TopicPartition, ReplayLedger> ledgers = ledgers(end.keySet(), reason);
        Tally tally = new Tally();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!reader.reached(end)) {
            DeadLetterReader.checkDeadline(deadline, dlq);
            batch(reader.poll(), ledgers, tally, dryRun);
        }
        if (!dryRun) {
            commitAll(ledgers); // the last positions may lie past transaction markers
        }
        check(tally, reason);
        return new ReplayOutcome(dlq, tally.read, tally.replayed, tally.already, tally.notSelected, dryRun);
    }

    private Map<TopicPartition, ReplayLedger> ledgers(Set<TopicPartition> partitions, String reason) {
        Map<TopicPartition, OffsetAndMetadata> committed = reader.consumer().committed(partitions);
        Map<TopicPartition, Long> first = reader.consumer().beginningOffsets(partitions);
        Map<TopicPartition, ReplayLedger> ledgers = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            ledgers.put(tp, c == null ? ReplayLedger.resume(first.get(tp), null, reason)
                    : ReplayLedger.resume(c.offset(), c.metadata(), reason));
        }
        return ledgers;
    }

    private void batch(Iterable<ConsumerRecord<byte[], byte[]>> records, Map<TopicPartition, ReplayLedger> ledgers,
            Tally tally, boolean dryRun) {
        if (!records.iterator().hasNext()) {
            return;
        }
        Map<TopicPartition, ReplayLedger> touched = new HashMap<>();
        if (!dryRun) {
            producer.beginTransaction();
        }
        try {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                touched.put(tp, ledgers.get(tp));
                DeadLetter letter = DeadLetterRecords.of(record);
                ReplayLedger.Decision decision = ledgers.get(tp).next(record.offset(), letter.reason());
                tally.count(letter.reason(), decision);
                if (decision == ReplayLedger.Decision.REPLAY) {
                    tally.replayed.merge(source, 1L, Long::sum);
                    if (!dryRun) {
                        producer.send(new ProducerRecord<>(source, partition(letter), record.key(), record.value(),
                                DeadLetterRecords.replayHeaders(record)));
                    }
                }
            }
            if (!dryRun) {
                commitOpen(touched);
            }
        } catch (ProducerFencedException e) {
            throw new IllegalStateException("another replay of " + dlq + " took over (fenced); this one stopped", e);
        } catch (KafkaException e) {
            if (!dryRun) {
                producer.abortTransaction();
            }
            throw e;
        }
    }

    private void commitAll(Map<TopicPartition, ReplayLedger> ledgers) {
        producer.beginTransaction();
        commitOpen(ledgers);
    }

    private void commitOpen(Map<TopicPartition, ReplayLedger> ledgers) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        ledgers.forEach((tp, ledger) -> {
            ReplayLedger.Checkpoint checkpoint = ledger.checkpoint(reader.consumer().position(tp));
            offsets.put(tp, new OffsetAndMetadata(checkpoint.offset(), checkpoint.metadata()));
        });
        producer.sendOffsetsToTransaction(offsets, reader.consumer().groupMetadata());
        producer.commitTransaction();
    }

    /** The partition the record was read from, when the source topic still has it; else the key decides. */
    private Integer partition(DeadLetter letter) {
        Integer p = letter.sourcePartition();
        return p != null && p >= 0 && p < producer.partitionsFor(source).size() ? p : null;
    }

    private void check(Tally tally, String reason) {
        if (tally.read == 0) {
            throw new IllegalArgumentException(dlq + " holds no dead letters: nothing to replay");
        }
        if (reason != null && !tally.reasons.contains(reason)) {
            throw new IllegalArgumentException("no dead letter of " + dlq + " has reason " + reason
                    + " (reasons there: " + String.join(", ", tally.reasons) + ")");
        }
    }

    private KafkaProducer<byte[], byte[]> transactionalProducer() {
        Properties p = kafka.properties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, replayId(dlq));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "tunestream-dlq-replay");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        reader.close();
    }

    /** Every dead letter read, counted once. */
    private static final class Tally {
        long read;
        long already;
        long notSelected;
        final Map<String, Long> replayed = new TreeMap<>();
        final Set<String> reasons = new TreeSet<>();

        void count(String reason, ReplayLedger.Decision decision) {
            read++;
            reasons.add(reason);
            if (decision == ReplayLedger.Decision.ALREADY_REPLAYED) {
                already++;
            } else if (decision == ReplayLedger.Decision.NOT_SELECTED) {
                notSelected++;
            }
        }
    }
}
