package io.tunestream.trainer.messaging;

import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.TrainingRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The worker: one consumer in the trainers' group, one job at a time. A request is handed to a job thread
 * and the consumer is paused but keeps polling (so it stays in the group however long the job takes); the
 * request's offset is committed when the job has ended, then the consumer resumes. If the worker dies
 * mid-job, the offset is not committed and another worker gets the request again: it restarts the job
 * (the status topic is the source of truth: jobs already SUCCEEDED, FAILED or CANCELLED are skipped, so a
 * redelivery after a crash between the final status and the commit does nothing). If a rebalance takes the
 * partition of a running job away, the offset is committed first, so the job is not run twice.
 * Undecodable requests go to the requests' dead-letter topic with their original bytes.
 */
final class TrainingWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);

    private final KafkaConsumer<String, TrainingRequest> consumer;
    private final KafkaProducer<byte[], byte[]> dlq;
    private final TopicNames topics;
    private final JobRunner runner;
    private final JobStatusView view;
    private final ExecutorService jobThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "training-job"));
    private volatile boolean running = true;
    private Future<?> job;
    private ConsumerRecord<String, TrainingRequest> current;

    TrainingWorker(KafkaConsumer<String, TrainingRequest> consumer, KafkaProducer<byte[], byte[]> dlq,
            TopicNames topics, JobRunner runner, JobStatusView view) {
        this.consumer = consumer;
        this.dlq = dlq;
        this.topics = topics;
        this.runner = runner;
        this.view = view;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.requests()), new Rebalance());
            while (running) {
                pollOnce();
                finishIfDone();
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("Training worker stopped", e);
        } finally {
            jobThread.shutdownNow();
            consumer.close(Duration.ofSeconds(5));
            dlq.close(Duration.ofSeconds(5));
        }
    }

    /** @return whether the worker's loop is alive */
    boolean isRunning() {
        return running;
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void pollOnce() {
        try {
            for (ConsumerRecord<String, TrainingRequest> record : consumer.poll(Duration.ofMillis(200))) {
                start(record);
            }
        } catch (RecordDeserializationException e) {
            deadLetter(e);
        }
    }

    private void start(ConsumerRecord<String, TrainingRequest> record) {
        view.awaitCaughtUp(Duration.ofSeconds(10));
        Optional<JobStatus> known = view.get(record.value().getJobId());
        if (known.isPresent() && isFinished(known.get().getState())) {
            LOG.infof("Skipping job %s: already %s", record.value().getJobId(), known.get().getState());
            commit(record);
            return;
        }
        current = record;
        consumer.pause(consumer.assignment());
        job = jobThread.submit(() -> runner.run(record.value()));
    }

    private void finishIfDone() {
        if (job != null && job.isDone()) {
            if (consumer.assignment().contains(new TopicPartition(current.topic(), current.partition()))) {
                commit(current);
            }
            job = null;
            current = null;
            consumer.resume(consumer.paused());
        }
    }

    private void commit(ConsumerRecord<?, ?> record) {
        consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1)));
    }

    private static boolean isFinished(JobState state) {
        return state == JobState.SUCCEEDED || state == JobState.FAILED || state == JobState.CANCELLED;
    }

    private void deadLetter(RecordDeserializationException e) {
        LOG.warnf("Undecodable training request at %s offset %d -> %s", e.topicPartition(), e.offset(),
                topics.requestsDlq());
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topics.requestsDlq(), bytes(e.keyBuffer()),
                bytes(e.valueBuffer()));
        out.headers().add("reason", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8))
                .add("source.topic", e.topicPartition().topic().getBytes(StandardCharsets.UTF_8))
                .add("source.partition", String.valueOf(e.topicPartition().partition()).getBytes(StandardCharsets.UTF_8))
                .add("source.offset", String.valueOf(e.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            dlq.send(out).get();
        } catch (Exception sendError) {
            throw new IllegalStateException("cannot dead-letter request at offset " + e.offset(), sendError);
        }
        consumer.seek(e.topicPartition(), e.offset() + 1);
        consumer.commitSync(Map.of(e.topicPartition(), new OffsetAndMetadata(e.offset() + 1)));
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** Keeps a running job's request from being run twice, and new partitions paused while busy. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (current != null && partitions.contains(new TopicPartition(current.topic(), current.partition()))) {
                commit(current);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (job != null) {
                consumer.pause(partitions);
            }
        }
    }
}
