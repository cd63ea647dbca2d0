package io.tunestream.trainer.it;

import static io.tunestream.security.Roles.TRAINER;
import static io.tunestream.testsupport.ApiTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.hasItem;

import ai.djl.Device;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.CheckpointStorage;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.JobState;
import io.tunestream.events.MetricKind;
import io.tunestream.events.Split;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingMetric;
import io.tunestream.model.TokenScores;
import io.tunestream.model.events.BaseModelReference;
import io.tunestream.model.events.ModelRoots;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.model.events.Sha256;
import io.tunestream.model.events.TrainedLanguageModel;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.testsupport.KafkaBrokerResource;
import io.tunestream.testsupport.KafkaTestSupport;
import io.tunestream.testsupport.PreparedDatasets;
import io.tunestream.trainer.domain.Example;
import io.tunestream.trainer.domain.TinyLlama;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A causal-LM job over REST on a tiny Llama under the test model root ({@code tunestream.models.roots}): it
 * succeeds with perplexity in its metrics, and its final checkpoint, rebuilt from its lineage alone as the
 * evaluator does, reproduces its validation loss.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class CausalLmTrainingJobTest {

    static final Path ROOT = Path.of("target", "test-models");

    @BeforeAll
    static void tinyLlama() {
        TinyLlama.write(ROOT.resolve("tiny-llama"));
    }

    /** Publishes instruction records (and their seal, task=causal_lm) the way augment-service does. */
    static void publish(String datasetId, List<Example> train, List<Example> validation) {
        String key = DatasetKeys.of(datasetId, "1");
        List<DatasetRecord> records = new ArrayList<>();
        for (Example e : train) {
            records.add(record(key, records.size(), e, Split.TRAIN));
        }
        for (Example e : validation) {
            records.add(record(key, records.size(), e, Split.VALIDATION));
        }
        try (KafkaProducer<String, DatasetEvent> producer = KafkaTestSupport.transactionalProducer(new StringSerializer(),
                new EventSerializer<>(DatasetEvent.class))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (DatasetRecord r : records) {
                producer.send(new ProducerRecord<>(PreparedDatasets.TOPIC, key, event(datasetId, r.getRecordId(), r)));
            }
            DatasetSeal seal = DatasetSeal.newBuilder().setRecordCount(records.size())
                    .setSplitCounts(Map.of("TRAIN", (long) train.size(), "VALIDATION", (long) validation.size()))
                    .setConfig(Map.of("task", "causal_lm")).build();
            producer.send(new ProducerRecord<>(PreparedDatasets.TOPIC, key, event(datasetId, key + "-seal", seal)));
            producer.commitTransaction();
        }
    }

    static DatasetRecord record(String key, int i, Example e, Split split) {
        return DatasetRecord.newBuilder().setRecordId(key + "-" + i).setSourceRecordId("src-" + i)
                .setPrompt(e.prompt()).setCompletion(e.completion()).setSplit(split).build();
    }

    static DatasetEvent event(String datasetId, String eventId, Object body) {
        return DatasetEvent.newBuilder().setEventId(eventId).setDatasetId(datasetId).setVersion("1").setStage("augment")
                .setProducedAt(Instant.now()).setBody(body).build();
    }

    static String body(String jobId, String datasetId, String baseModel) {
        return """
                {"jobId":"%s","datasetId":"%s","datasetVersion":"1","modelName":"reverse","task":"causal_lm",
                 "baseModel":"%s","method":{"type":"LORA"},
                 "hyperParameters":{"batchSize":8,"maxSequenceLength":16,"learningRate":0.05,"warmupRatio":0,
                  "schedule":"CONSTANT","maxSteps":8,"evalEverySteps":4},
                 "seed":7}""".formatted(jobId, datasetId, baseModel);
    }

    @Test
    @Timeout(60)
    void shouldAnswer400NamingTheModelTypeWhenACausalLmJobHasAnEncoderBase() {
        as(TRAINER).contentType("application/json").body(body("lm-on-bert", "ds", "bundled:all-minilm-l6-v2"))
                .post("/jobs").then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasItem("causal_lm needs a decoder base model (llama, qwen2, mistral, gpt2); "
                        + "bundled:all-minilm-l6-v2 has model_type 'bert'"));
    }

    @Test
    @Timeout(300)
    void shouldTrainACausalLmJobWithPerplexityAndAReloadableCheckpoint() throws Exception {
        // Given 24 "reverse x y z" -> "z y x" pairs for training and 8 for validation, sealed as causal_lm
        String datasetId = TrainingJobTest.newId("reverse");
        List<Example> validation = TinyLlama.reverseExamples(8, 40);
        publish(datasetId, TinyLlama.reverseExamples(24, 0), validation);
        String jobId = TrainingJobTest.newId("lm");
        // When a LoRA job (no targets given: the family's q_proj, v_proj) is submitted on the directory's name
        as(TRAINER).contentType("application/json").body(body(jobId, datasetId, "tiny-llama")).post("/jobs").then()
                .statusCode(202);
        // Then it succeeds, with perplexity and token accuracy at each evaluation
        TrainingJobTest.awaitState(jobId, JobState.SUCCEEDED, Duration.ofSeconds(240));
        List<TrainingMetric> evals = TopicLog.metrics(jobId).stream().filter(m -> m.getKind() == MetricKind.EVAL)
                .toList();
        assertThat(evals).extracting(TrainingMetric::getStep).containsExactly(4L, 8L);
        for (TrainingMetric m : evals) {
            assertThat(m.getValMetrics()).containsKeys("val_perplexity", "val_token_accuracy");
            assertThat(m.getValMetrics().get("val_perplexity")).isCloseTo(Math.exp(m.getValLoss()), within(1e-9));
        }
        assertThat(TopicLog.metrics(jobId).stream().filter(m -> m.getKind() == MetricKind.TRAIN))
                .allSatisfy(m -> assertThat(m.getValMetrics()).containsKey("train_perplexity"));
        // and its final checkpoint travels inline, says how to rebuild it, and reproduces the validation loss
        List<Checkpoint> checkpoints = TopicLog.checkpoints(jobId);
        Checkpoint fin = checkpoints.get(checkpoints.size() - 1);
        assertThat(fin.getIsFinal()).isTrue();
        assertThat(fin.getStorage()).isEqualTo(CheckpointStorage.INLINE);
        assertThat(fin.getTask()).isEqualTo(Task.CAUSAL_LM);
        assertThat(fin.getLineage().getConfig()).containsEntry("task", "CAUSAL_LM")
                .containsEntry("method.targetModules", "[q_proj, v_proj]");
        byte[] bytes = new byte[fin.getInlineData().remaining()];
        fin.getInlineData().duplicate().get(bytes);
        assertThat(fin.getChunkCount()).isEqualTo(1);
        assertThat(Sha256.of(bytes)).isEqualTo(fin.getSha256());
        Path file = Files.createTempFile("lm-final", ".safetensors");
        Files.write(file, bytes);
        ModelSpec spec = ModelSpec.of(fin.getLineage());
        try (TrainedLanguageModel lm = TrainedLanguageModel.load(spec, file,
                new BaseModelReference(new ModelRoots(List.of(ROOT))), Device.cpu())) {
            TokenScores scores = lm.score(validation.stream().map(Example::lmExample).toList(), 8);
            double loss = 0;
            long tokens = 0;
            for (int i = 0; i < scores.tokens().length; i++) {
                loss += scores.lossSum()[i];
                tokens += scores.tokens()[i];
            }
            assertThat(loss / tokens).isCloseTo(fin.getMetrics().get("val_loss"), within(1e-4));
        }
    }
}
