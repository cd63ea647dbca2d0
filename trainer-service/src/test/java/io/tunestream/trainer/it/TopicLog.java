package io.tunestream.trainer.it;

import io.tunestream.events.Checkpoint;
import io.tunestream.events.JobStatus;
import io.tunestream.events.TrainingMetric;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.testsupport.KafkaTestSupport;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what the trainer wrote for one job, in topic order. */
final class TopicLog {

    private TopicLog() {
    }

    static List<JobStatus> statuses(String jobId) {
        return read(Topics.TRAINING_JOBS, JobStatus.class, jobId);
    }

    static List<TrainingMetric> metrics(String jobId) {
        return read(Topics.TRAINING_METRICS, TrainingMetric.class, jobId);
    }

    static List<Checkpoint> checkpoints(String jobId) {
        return read(Topics.TRAINING_CHECKPOINTS, Checkpoint.class, jobId);
    }

    private static <T extends SpecificRecord> List<T> read(String base, Class<T> type, String jobId) {
        return KafkaTestSupport.drain(Topics.name("tunestream.", base), new StringDeserializer(),
                new EventDeserializer<>(type), records -> false, Duration.ofSeconds(3)).stream()
                .filter(r -> jobId.equals(r.key())).map(ConsumerRecord::value).toList();
    }
}
