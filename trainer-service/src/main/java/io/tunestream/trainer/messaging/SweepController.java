package io.tunestream.trainer.messaging;

import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.SweepState;
import io.tunestream.events.SweepStatus;
import io.tunestream.events.TrainingMetric;
import io.tunestream.events.TrainingRequest;
import io.tunestream.kafka.toolkit.DeadLetterWriter;
import io.tunestream.kafka.toolkit.DeadLetterWriter.DeadLetterException;
import io.tunestream.kafka.toolkit.KeyPartitions;
import io.tunestream.trainer.sweep.SweepObservations;
import io.tunestream.trainer.sweep.SweepPlanner;
import io.tunestream.trainer.sweep.SweepRequestValidator;
import io.tunestream.trainer.sweep.SweepTransitions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Drives hyper-parameter sweeps. Every trainer instance runs one; the consumer group on the compacted sweeps topic
 * makes exactly one of them active per sweep (the owner of its partition). The owner rebuilds its sweeps from the
 * topic (state lives in the log) and reads every trial's metrics and job statuses into {@link SweepObservations};
 * once caught up, it asks {@link SweepTransitions} what to do with each sweep it owns and writes the answer (trial
 * requests, cancellations, the new state) in one Kafka transaction, so a crash never launches a trial twice or
 * loses one. The decisions themselves (judging, stopping, completing, choosing the best) live in the transitions.
 *
 * <p>A sweep record it cannot decode goes to the sweeps topic's DLQ ({@value #UNDECODABLE}, original bytes) and is
 * counted; an undecodable metric or job status (views every trainer reads from the beginning, whose DLQs the trainer
 * does not write) is counted as skipped. Both are logged with the running count.
 */
public final class SweepController implements Runnable {

    private static final Logger LOG = Logger.getLogger(SweepController.class);
    /** The dead-letter reason of a sweep record that does not decode. */
    static final String UNDECODABLE = "UNDECODABLE";

    private final KafkaConsumer<String, SweepState> sweeps;
    private final KafkaConsumer<String, TrainingMetric> metrics;
    private final KafkaConsumer<String, JobStatus> jobs;
    private final Producer<String, SpecificRecord> producer;
    private final TopicNames topics;
    private final String sweepsTopic;
    private final SweepTransitions transitions;
    private final Map<String, SweepState> owned = new HashMap<>();
    private final SweepObservations seen = new SweepObservations();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final DeadLetterWriter deadLetters;
    /** Dead letters written by this run: the sweeps topic is re-read on every assignment, each is written once. */
    private final Set<String> deadLettered = new HashSet<>();
    private final AtomicLong deadLetterCount = new AtomicLong();
    private final AtomicLong skippedCount = new AtomicLong();
    private volatile boolean running = true;

    SweepController(KafkaConsumer<String, SweepState> sweeps, KafkaConsumer<String, TrainingMetric> metrics,
            KafkaConsumer<String, JobStatus> jobs, Producer<String, SpecificRecord> transactional, TopicNames topics,
            String sweepsTopic, SweepRequestValidator validator, DeadLetterWriter deadLetters) {
        this.deadLetters = deadLetters;
        this.transitions = new SweepTransitions(validator, Clock.systemUTC());
        this.sweeps = sweeps;
        this.metrics = metrics;
        this.jobs = jobs;
        this.producer = transactional;
        this.topics = topics;
        this.sweepsTopic = sweepsTopic;
    }

    @Override
    public void run() {
        try {
            producer.initTransactions();
            assignAll(metrics, topics.metrics());
            assignAll(jobs, topics.jobs());
            Map<TopicPartition, Long> metricsEnd = metrics.endOffsets(metrics.assignment());
            Map<TopicPartition, Long> jobsEnd = jobs.endOffsets(jobs.assignment());
            sweeps.subscribe(List.of(sweepsTopic), new Ownership());
            boolean caughtUp = false;
            while (running) {
                pollSweeps();
                pollInto(metrics).forEach(r -> seen.metric(r.key(), r.value()));
                pollInto(jobs).forEach(r -> seen.status(r.key(), r.value()));
                // Decide nothing before the trials' metrics and statuses written before this start are read.
                caughtUp = caughtUp || (reached(metrics, metricsEnd) && reached(jobs, jobsEnd));
                if (!caughtUp) {
                    continue;
                }
                for (String sweepId : new ArrayList<>(owned.keySet())) {
                    drive(sweepId);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("Sweep controller stopped", e);
        } finally {
            running = false;
            sweeps.close(Duration.ofSeconds(5));
            metrics.close(Duration.ofSeconds(5));
            jobs.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
            deadLetters.close();
        }
    }

    /** Undecodable sweep records dead-lettered so far. */
    long deadLettered() {
        return deadLetterCount.get();
    }

    /** Undecodable metrics and job statuses skipped so far. */
    long skipped() {
        return skippedCount.get();
    }

    void stop() {
        running = false;
        sweeps.wakeup();
        metrics.wakeup();
        jobs.wakeup();
    }

    private void pollSweeps() {
        for (ConsumerRecord<String, SweepState> r : pollInto(sweeps)) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (!assigned.contains(tp) || r.value() == null || r.key() == null) {
                continue;
            }
            SweepState known = owned.get(r.key());
            // Our own writes come back; the newest state (by update time) wins.
            if (known == null || !r.value().getUpdatedAt().isBefore(known.getUpdatedAt())) {
                owned.put(r.key(), r.value());
            }
        }
    }

    private void drive(String sweepId) {
        SweepTransitions.Decisions decisions = transitions.advance(owned.get(sweepId), seen);
        decisions.next().ifPresent(next -> commit(next, decisions.launches(), decisions.cancels()));
    }

    private void commit(SweepState state, List<SweepPlanner.TrialLaunch> launches, List<JobStatus> cancels) {
        producer.beginTransaction();
        try {
            for (SweepPlanner.TrialLaunch launch : launches) {
                TrainingRequest request = launch.request();
                producer.send(new ProducerRecord<>(topics.requests(), request.getJobId(), request));
                producer.send(new ProducerRecord<>(topics.jobs(), request.getJobId(),
                        JobStatusPublisher.of(request, JobState.QUEUED).setMessage("trial " + launch.trial().getTrialId()
                                + " of sweep " + state.getSweepId()).build()));
            }
            for (JobStatus cancel : cancels) {
                producer.send(new ProducerRecord<>(topics.jobs(), cancel.getJobId(), cancel));
            }
            producer.send(new ProducerRecord<>(sweepsTopic, state.getSweepId(), state));
            producer.commitTransaction();
        } catch (RuntimeException e) {
            producer.abortTransaction();
            throw e;
        }
        owned.put(state.getSweepId(), state);
        if (state.getStatus() != SweepStatus.RUNNING) {
            LOG.infof("Sweep %s %s: %s", state.getSweepId(), state.getStatus(), state.getMessage());
        } else if (!launches.isEmpty()) {
            LOG.infof("Sweep %s: launched %s", state.getSweepId(),
                    launches.stream().map(l -> l.trial().getTrialId()).toList());
        }
    }

    private static boolean reached(KafkaConsumer<String, ?> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static <V> void assignAll(KafkaConsumer<String, V> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private <V> List<ConsumerRecord<String, V>> pollInto(KafkaConsumer<String, V> consumer) {
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try {
            consumer.poll(Duration.ofMillis(100)).forEach(out::add);
        } catch (RecordDeserializationException e) {
            if (setAside(e)) {
                consumer.seek(e.topicPartition(), e.offset() + 1);
            }
        }
        return out;
    }

    /** Dead-letters (sweeps) or counts (views) an undecodable record; false when the broker did not take it. */
    private boolean setAside(RecordDeserializationException e) {
        if (!e.topicPartition().topic().equals(sweepsTopic)) {
            LOG.warnf("Skipping an undecodable record at %s offset %d (%d skipped): %s", e.topicPartition(),
                    e.offset(), skippedCount.incrementAndGet(), e.getMessage());
            return true;
        }
        if (!deadLettered.add(e.topicPartition() + "@" + e.offset())) {
            return true;
        }
        try {
            deadLetters.write(e, UNDECODABLE);
        } catch (DeadLetterException failed) {
            deadLettered.remove(e.topicPartition() + "@" + e.offset());
            LOG.warnf("Cannot dead-letter the undecodable sweep record at %s offset %d, retrying: %s",
                    e.topicPartition(), e.offset(), failed.getMessage());
            return false;
        }
        LOG.warnf("Dead-lettered an undecodable sweep record at %s offset %d (%d so far): %s", e.topicPartition(),
                e.offset(), deadLetterCount.incrementAndGet(), e.getMessage());
        return true;
    }

    /** Partition ownership: sweeps of a gained partition are rebuilt from its beginning; lost ones are dropped. */
    private final class Ownership implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            assigned.removeAll(partitions);
            Set<Integer> lost = new TreeSet<>();
            partitions.forEach(p -> lost.add(p.partition()));
            owned.keySet().removeIf(id -> lost.contains(partitionOf(id)));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.addAll(partitions);
            sweeps.seekToBeginning(partitions);
        }
    }

    private int partitionOf(String sweepId) {
        int count = sweeps.partitionsFor(sweepsTopic).size();
        return KeyPartitions.partitionFor(sweepId, count);
    }
}
