package io.tunestream.trainer.messaging;

import io.tunestream.events.Checkpoint;
import io.tunestream.events.CheckpointStorage;
import io.tunestream.events.Lineage;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.events.EventMethods;
import io.tunestream.model.events.Sha256;
import io.tunestream.schemas.SafePaths;
import io.tunestream.trainer.domain.CheckpointFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes checkpoints (key: job id, so a job's chunks stay in order in one partition). PEFT weights travel
 * inline, split into chunks of at most {@code chunkBytes} that carry index, count and the whole file's
 * SHA-256; full fine-tuning weights are moved to the artifact store and the event carries a {@code file:}
 * URI, size and SHA-256 (claim check).
 */
public final class CheckpointPublisher {

    private final Producer<String, SpecificRecord> producer;
    private final String topic;
    private final Path artifactDir;
    private final int chunkBytes;

    CheckpointPublisher(Producer<String, SpecificRecord> producer, String topic, Path artifactDir, int chunkBytes) {
        this.producer = producer;
        this.topic = topic;
        this.artifactDir = artifactDir;
        this.chunkBytes = chunkBytes;
    }

    /**
     * Publishes a checkpoint of epoch 0 (the job's first run).
     *
     * @return the checkpoint id
     */
    public String publish(TrainingRequest request, List<String> labels, CheckpointFile file, Lineage lineage) {
        return publish(request, 0, labels, file, lineage);
    }

    /**
     * Publishes a checkpoint of the job's run at {@code epoch}: every event carries it, and an artifact of a
     * takeover run is a file of its own, so a superseded worker can never overwrite the weights it names.
     *
     * @return the checkpoint id
     */
    public String publish(TrainingRequest request, long epoch, List<String> labels, CheckpointFile file,
            Lineage lineage) {
        String id = request.getJobId() + (file.isFinal() ? "-final" : "-step-" + file.step());
        try {
            byte[] bytes = Files.readAllBytes(file.file());
            String sha256 = Sha256.of(bytes);
            // A fresh builder per event (chunk): the fields every chunk shares.
            Supplier<Checkpoint.Builder> base = () -> Checkpoint.newBuilder().setCheckpointId(id)
                    .setJobId(request.getJobId()).setModelName(request.getModelName()).setStep(file.step())
                    .setIsFinal(file.isFinal()).setTask(request.getTask()).setMethod(request.getMethod())
                    .setLabels(labels).setSha256(sha256).setSizeBytes(bytes.length).setMetrics(file.metrics())
                    .setLineage(lineage).setProducedAt(Instant.now()).setEpoch(epoch);
            if (EventMethods.isParameterEfficient(request.getMethod())) {
                sendInline(base, bytes);
            } else {
                send(base.get().setStorage(CheckpointStorage.ARTIFACT)
                        .setArtifactUri(store(request, epoch == 0 ? id : id + "-e" + epoch, file.file())).build());
            }
            Files.deleteIfExists(file.file());
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish checkpoint " + id, e);
        }
    }

    private void sendInline(Supplier<Checkpoint.Builder> base, byte[] bytes) {
        int count = Math.max(1, (bytes.length + chunkBytes - 1) / chunkBytes);
        for (int i = 0; i < count; i++) {
            byte[] chunk = Arrays.copyOfRange(bytes, i * chunkBytes, Math.min(bytes.length, (i + 1) * chunkBytes));
            send(base.get().setStorage(CheckpointStorage.INLINE).setChunkIndex(i)
                    .setChunkCount(count).setInlineData(ByteBuffer.wrap(chunk)).build());
        }
    }

    private String store(TrainingRequest request, String name, Path file) throws IOException {
        Path target = SafePaths.resolveUnder(artifactDir, request.getJobId(), name + ".safetensors");
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        return target.toUri().toString();
    }

    private void send(Checkpoint checkpoint) {
        try {
            producer.send(new ProducerRecord<>(topic, checkpoint.getJobId(), checkpoint)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot write checkpoint " + checkpoint.getCheckpointId(), e);
        }
    }
}
