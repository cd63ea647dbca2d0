package io.tunestream.trainer.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.Checkpoint;
import io.tunestream.events.CheckpointStorage;
import io.tunestream.events.HyperParameters;
import io.tunestream.events.Lineage;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.events.Sha256;
import io.tunestream.schemas.serde.AnyEventSerializer;
import io.tunestream.trainer.domain.CheckpointFile;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunking of inline checkpoints and the claim check of full weights, on Kafka's in-memory producer. */
class CheckpointPublisherTest {

    @TempDir
    Path dir;

    final MockProducer<String, SpecificRecord> producer = new MockProducer<>(true, null, new StringSerializer(),
            new AnyEventSerializer());

    static TrainingRequest request(Method method) {
        return TrainingRequest.newBuilder().setJobId("job-9").setModelName("spam").setDatasetId("d")
                .setDatasetVersion("1").setMethod(MethodConfig.newBuilder().setType(method).build())
                .setHyperParameters(HyperParameters.newBuilder().build()).setRequestedAt(Instant.now()).build();
    }

    static Lineage lineage() {
        return Lineage.newBuilder().setDatasetId("d").setDatasetVersion("1").setJobId("job-9")
                .setBaseModel("bundled:all-minilm-l6-v2").build();
    }

    Path weights(int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(3).nextBytes(bytes);
        return Files.write(dir.resolve("w.safetensors"), bytes);
    }

    @Test
    void shouldSplitInlineWeightsIntoOrderedChunksWhenOverTheLimit() throws Exception {
        // Given 2.1 MB of adapter weights and a 900 kB chunk limit
        Path file = weights(2_100_000);
        byte[] original = Files.readAllBytes(file);
        CheckpointPublisher publisher = new CheckpointPublisher(producer, "cp", dir.resolve("store"), 900_000);
        // When
        String id = publisher.publish(request(Method.ADAPTER), List.of("ham", "spam"),
                new CheckpointFile(40, file, true, Map.of("accuracy", 0.9)), lineage());
        // Then: 3 chunks in order, same sha256 of the whole, bytes reassemble exactly
        List<Checkpoint> sent = producer.history().stream().map(r -> (Checkpoint) r.value()).toList();
        assertThat(id).isEqualTo("job-9-final");
        assertThat(sent).extracting(Checkpoint::getChunkIndex).containsExactly(0, 1, 2);
        assertThat(sent).allSatisfy(c -> {
            assertThat(c.getChunkCount()).isEqualTo(3);
            assertThat(c.getStorage()).isEqualTo(CheckpointStorage.INLINE);
            assertThat(c.getSha256()).isEqualTo(Sha256.of(original));
        });
        assertThat(producer.history()).extracting(ProducerRecord::key).containsOnly("job-9");
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (Checkpoint c : sent) {
            ByteBuffer data = c.getInlineData();
            joined.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        assertThat(joined.toByteArray()).isEqualTo(original);
        assertThat(file).doesNotExist();
    }

    @Test
    void shouldStoreFullWeightsAsAnArtifactWhenTheMethodIsFull() throws Exception {
        // Given
        Path file = weights(50_000);
        byte[] original = Files.readAllBytes(file);
        CheckpointPublisher publisher = new CheckpointPublisher(producer, "cp", dir.resolve("store"), 900_000);
        // When
        publisher.publish(request(Method.FULL), List.of("ham", "spam"), new CheckpointFile(12, file, false, Map.of()),
                lineage());
        // Then: one event with a file: URI whose bytes match size and sha256
        Checkpoint sent = (Checkpoint) producer.history().get(0).value();
        assertThat(sent.getStorage()).isEqualTo(CheckpointStorage.ARTIFACT);
        assertThat(sent.getInlineData()).isNull();
        Path stored = Path.of(URI.create(sent.getArtifactUri()));
        assertThat(stored).startsWith(dir.resolve("store")).hasBinaryContent(original);
        assertThat(sent.getSizeBytes()).isEqualTo(50_000);
        assertThat(sent.getSha256()).isEqualTo(Sha256.of(original));
        assertThat(sent.getCheckpointId()).isEqualTo("job-9-step-12");
    }
}
