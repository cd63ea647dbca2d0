package io.tunestream.trainer.messaging;

import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.TrainingRequest;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes job statuses (key: job id) to the compacted jobs topic and waits for the broker's acknowledgement. */
public final class JobStatusPublisher {

    private final Producer<String, SpecificRecord> producer;
    private final String topic;
    private final String workerId;

    JobStatusPublisher(Producer<String, SpecificRecord> producer, String topic, String workerId) {
        this.producer = producer;
        this.topic = topic;
        this.workerId = workerId;
    }

    /** @return a status builder filled from the request, epoch 0 (QUEUED, a refused request) */
    public static JobStatus.Builder of(TrainingRequest request, JobState state) {
        return of(request, 0, state);
    }

    /** @return a status builder filled from the request, for the run of the job at {@code epoch} */
    public static JobStatus.Builder of(TrainingRequest request, long epoch, JobState state) {
        return JobStatus.newBuilder().setJobId(request.getJobId()).setState(state).setEpoch(epoch)
                .setModelName(request.getModelName()).setDatasetId(request.getDatasetId())
                .setDatasetVersion(request.getDatasetVersion()).setUpdatedAt(Instant.now());
    }

    /** Publishes a status written by this worker. */
    public void publish(JobStatus.Builder status) {
        send(status.setWorkerId(workerId).setUpdatedAt(Instant.now()).build());
    }

    /** Publishes a status as given (REST: QUEUED, cancel requests). */
    public void send(JobStatus status) {
        try {
            producer.send(new ProducerRecord<>(topic, status.getJobId(), status)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing job status", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write job status of " + status.getJobId() + ": " + e.getMessage(), e);
        }
    }
}
