package io.tunestream.trainer.messaging;

import io.tunestream.events.MetricKind;
import io.tunestream.events.TrainingMetric;
import io.tunestream.trainer.domain.MetricPoint;
import java.time.Instant;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/** Publishes metric points (key: job id; one idempotent producer keeps them in step order). */
final class MetricPublisher {

    private static final Logger LOG = Logger.getLogger(MetricPublisher.class);

    private final Producer<String, SpecificRecord> producer;
    private final String topic;
    private final BiConsumer<String, MetricPoint> observer;

    /** @param observer sees every point published (the service's gauges) */
    MetricPublisher(Producer<String, SpecificRecord> producer, String topic, BiConsumer<String, MetricPoint> observer) {
        this.producer = producer;
        this.topic = topic;
        this.observer = observer;
    }

    void publish(String jobId, MetricPoint p) {
        observer.accept(jobId, p);
        TrainingMetric metric = TrainingMetric.newBuilder().setJobId(jobId).setStep(p.step()).setEpoch(p.epoch())
                .setTrainLoss(p.trainLoss()).setValLoss(p.valLoss()).setValMetrics(p.valMetrics())
                .setLearningRate(p.learningRate()).setGradNorm(p.gradNorm()).setSamplesPerSecond(p.samplesPerSecond())
                .setTokensPerSecond(p.tokensPerSecond()).setMemoryBytes(p.memoryBytes())
                .setKind(p.evaluation() ? MetricKind.EVAL : MetricKind.TRAIN).setProducedAt(Instant.now()).build();
        producer.send(new ProducerRecord<>(topic, jobId, metric), (meta, error) -> {
            if (error != null) {
                LOG.warnf("Metric of %s at step %d not written: %s", jobId, p.step(), error.getMessage());
            }
        });
    }
}
