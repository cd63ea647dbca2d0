package io.tunestream.evaluator.it;

import static io.tunestream.security.Roles.EVALUATOR;
import static io.tunestream.testsupport.ApiTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunestream.evaluator.service.ArtifactBundle;
import io.tunestream.events.Evaluation;
import io.tunestream.events.Lineage;
import io.tunestream.events.ModelVersion;
import io.tunestream.events.Split;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.arch.ParameterTree;
import io.tunestream.model.events.Sha256;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.TrainableWeights;
import io.tunestream.model.peft.export.PeftLoraExport;
import io.tunestream.model.safetensors.SafetensorsHeader;
import io.tunestream.model.safetensors.SafetensorsReader;
import io.tunestream.model.safetensors.TensorInfo;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.AnyEventSerializer;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.testsupport.KafkaBrokerResource;
import io.tunestream.testsupport.KafkaTestSupport;
import io.tunestream.testsupport.PreparedDatasets;
import io.tunestream.testsupport.PreparedDatasets.Row;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The artifacts an evaluation leaves beside a LoRA checkpoint (the PEFT-layout export) and the merged weights the
 * evaluator builds on demand, with real LoRA weights trained here (a few AdamW steps, so B is not zero).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArtifactExportTest {

    static final String PREFIX = "tunestream.";
    static final String MODEL = "peft-export-" + UUID.randomUUID().toString().substring(0, 6);
    static final String DATASET = "peft-data-" + UUID.randomUUID().toString().substring(0, 6);
    static final int RANK = 8;
    static final int HIDDEN = 384;
    static final List<String> TEXTS = List.of("WIN a FREE cruise now, click here!!!",
            "Hi Bob, the meeting moved to 3pm, see you there.", "Cheap meds online, no prescription",
            "Can you review my patch to the mail filter before Friday?");
    static Path trained;

    @BeforeAll
    static void prepare() throws Exception {
        List<Row> rows = PreparedDatasets.spamAssassin(24, i -> i % 3 == 0 ? Split.TEST : Split.TRAIN);
        PreparedDatasets.publish(DATASET, "1", rows, Map.of());
        Path dir = Files.createDirectories(Path.of("target", "peft-export"));
        trained = dir.resolve("trained.safetensors");
        LoraWeights.train(rows.stream().filter(r -> r.split() == Split.TRAIN).toList(), 6,
                dir.resolve("untrained.safetensors"), trained);
    }

    @Test
    @Order(1)
    @Timeout(300)
    void shouldWritePeftLayoutBesideTheWeightsWhenALoraCheckpointIsEvaluated() throws Exception {
        // Given the final checkpoint of a LoRA job (r=8 on query and value of 6 layers)
        String job = "job-peft-" + UUID.randomUUID().toString().substring(0, 6);
        send(Topics.TRAINING_CHECKPOINTS, job, CheckpointEvents.finalCheckpoint(job, MODEL,
                CheckpointEvents.lineage(DATASET, "1", job), trained, 1 << 20));

        // When it is evaluated
        Evaluation e = awaitEvaluation(job);

        // Then <weights>.peft/ holds PEFT's files, named and shaped by PEFT's rules
        Path weights = Path.of(URI.create(e.getArtifactUri()));
        Path peft = ArtifactBundle.peftDirectory(weights);
        assertThat(peft.getFileName().toString()).isEqualTo(weights.getFileName().toString()
                .replace(".safetensors", ".peft"));
        assertThat(peft.resolve(PeftLoraExport.CONFIG_FILE)).isRegularFile();
        SafetensorsHeader header = SafetensorsReader.header(peft.resolve(PeftLoraExport.WEIGHTS_FILE));
        List<String> expected = new ArrayList<>();
        for (int layer = 0; layer < 6; layer++) {
            for (String module : List.of("query", "value")) {
                for (String matrix : List.of("lora_A", "lora_B")) {
                    expected.add("base_model.model.encoder.layer." + layer + ".attention.self." + module + "."
                            + matrix + ".weight");
                }
            }
        }
        assertThat(header.tensors().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        for (TensorInfo info : header.tensors().values()) {
            long[] shape = info.name().contains("lora_A") ? new long[] {RANK, HIDDEN} : new long[] {HIDDEN, RANK};
            assertThat(info.shape()).as(info.name()).containsExactly(shape);
        }
        assertThat(header.metadata()).containsExactly(Map.entry("format", "pt"));
        JsonNode config = new ObjectMapper().readTree(peft.resolve(PeftLoraExport.CONFIG_FILE).toFile());
        assertThat(config.get("peft_type").asText()).isEqualTo("LORA");
        assertThat(config.get("task_type").asText()).isEqualTo("FEATURE_EXTRACTION");
        assertThat(config.get("r").asInt()).isEqualTo(RANK);
        assertThat(config.get("lora_alpha").asDouble()).isEqualTo(16.0);
        assertThat(config.get("lora_dropout").asDouble()).isEqualTo(0.1);
        assertThat(config.get("target_modules").toString()).isEqualTo("[\"query\",\"value\"]");
        assertThat(config.get("base_model_name_or_path").asText()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
        // the tensors are the checkpoint's own, bit for bit; the head is beside them
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> checkpoint = SafetensorsReader.read(trained, manager);
            PeftLoraExport.PeftLoraAdapter adapter = PeftLoraExport.read(peft, manager);
            assertThat(adapter.modules()).hasSize(12);
            adapter.modules().forEach((path, w) -> {
                assertThat(w.a().toFloatArray()).containsExactly(checkpoint.get(path + ".lora_A.weight").toFloatArray());
                assertThat(w.b().toFloatArray()).containsExactly(checkpoint.get(path + ".lora_B.weight").toFloatArray());
            });
            Map<String, NDArray> head = SafetensorsReader.read(peft.resolve(ArtifactBundle.HEAD_FILE), manager);
            assertThat(head).containsOnlyKeys("classifier.weight", "classifier.bias");
            assertThat(head.get("classifier.weight").toFloatArray())
                    .containsExactly(checkpoint.get("classifier.weight").toFloatArray());
        }
        assertThat(SafetensorsReader.header(peft.resolve(ArtifactBundle.HEAD_FILE)).metadata())
                .containsEntry("pooling", "MEAN").containsEntry("labels", "[\"ham\",\"spam\"]");
    }

    @Test
    @Order(2)
    @Timeout(300)
    void shouldStreamMergedWeightsWhoseLogitsEqualTheUnmergedModel() throws Exception {
        // Given the trained LoRA weights registered as version 1 (champion)
        register(1, List.of("champion"), CheckpointEvents.lineage(DATASET, "1", "job-merged"));

        // When the merged weights are downloaded
        var response = as(EVALUATOR).get("/api/models/" + MODEL + "/versions/champion/merged").then().statusCode(200)
                .extract();
        Path merged = Files.createDirectories(Path.of("target", "peft-export", "merged")).resolve("model.safetensors");
        try (InputStream body = response.asInputStream()) {
            Files.copy(body, merged, StandardCopyOption.REPLACE_EXISTING);
        }

        // Then the checksum header is the body's, and the file is a whole model with the delta folded in
        assertThat(response.header("X-Checksum-SHA256")).isEqualTo(Sha256.of(merged));
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> file = SafetensorsReader.read(merged, manager);
            Map<String, NDArray> lora = SafetensorsReader.read(trained, manager);
            assertThat(file).containsKeys("embeddings.word_embeddings.weight", "encoder.layer.5.output.dense.weight",
                    "classifier.weight", "classifier.bias").doesNotContainKey(
                    "encoder.layer.0.attention.self.query.lora_A.weight");
            // W' = W + (alpha / r) B A, W from a fresh load of the base
            try (PretrainedModel base = PretrainedModels.loadBundledMiniLm(manager, LoraWeights.MAX_LENGTH)) {
                String q = "encoder.layer.3.attention.self.query";
                NDArray w = base.backbone().slots().get(q + ".weight").parameter().getArray();
                NDArray expected = w.add(lora.get(q + ".lora_B.weight").matMul(lora.get(q + ".lora_A.weight"))
                        .mul(16f / RANK));
                double tensorDiff = expected.sub(file.get(q + ".weight")).abs().max().getFloat();
                double delta = lora.get(q + ".lora_B.weight").abs().max().getFloat();
                System.out.printf("merged query weight vs W + s*B*A: max abs diff %.3g (max |B| %.3g)%n", tensorDiff,
                        delta);
                assertThat(delta).as("training moved B away from zero").isGreaterThan(1e-4);
                assertThat(tensorDiff).isLessThan(1e-5);
            }
            double logitDiff = maxLogitDiff(merged, manager);
            System.out.printf("merged vs unmerged logits: max abs diff %.3g over %d texts%n", logitDiff, TEXTS.size());
            assertThat(logitDiff).isCloseTo(0.0, within(1e-5));
        }
    }

    @Test
    @Order(3)
    @Timeout(120)
    void shouldRefuseMergedWeightsOfUnknownModelsAndNonLoraMethods() throws Exception {
        // Given version 2 fully fine-tuned (its lineage names method FULL)
        Lineage full = CheckpointEvents.lineage(DATASET, "1", "job-full");
        Map<String, String> config = new TreeMap<>(full.getConfig());
        config.put("method.type", "FULL");
        full.setConfig(config);
        register(2, List.of(), full);

        // When / Then
        as(EVALUATOR).get("/api/models/" + MODEL + "/versions/2/merged").then().statusCode(409)
                .contentType("application/problem+json").body("title", equalTo("Not mergeable"));
        as(EVALUATOR).get("/api/models/no-such-model/versions/1/merged").then().statusCode(404)
                .contentType("application/problem+json");
        as(EVALUATOR).get("/api/models/" + MODEL + "/versions/9/merged").then().statusCode(404);
    }

    /** Logits of the merged file loaded as a fresh Hugging Face model vs the LoRA model, unmerged. */
    private static double maxLogitDiff(Path merged, NDManager manager) throws Exception {
        Path hf = Files.createDirectories(merged.resolveSibling("hf"));
        Files.copy(merged, hf.resolve("model.safetensors"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(hf.resolve("config.json"), MINILM_CONFIG);
        try (InputStream tokenizer = PretrainedModels.class.getClassLoader()
                .getResourceAsStream(PretrainedModels.MINILM_TOKENIZER)) {
            Files.copy(tokenizer, hf.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        try (PretrainedModel fresh = PretrainedModels.loadHuggingFace(hf, manager, LoraWeights.MAX_LENGTH);
                PretrainedModel base = PretrainedModels.loadBundledMiniLm(manager, LoraWeights.MAX_LENGTH)) {
            TextClassifier plain = TextClassifier.create(fresh, new MethodConfig.FullFineTuning(false),
                    HeadConfig.classification(2), manager, 1);
            TrainableWeights.load(merged, ParameterTree.slots(plain.head()), manager);
            TextClassifier unmerged = TextClassifier.create(base, MethodConfig.Lora.defaults(),
                    HeadConfig.classification(2), manager, 1);
            unmerged.loadTrainable(trained, manager);
            float[] a = plain.forward(plain.encode(TEXTS, manager), false).toFloatArray();
            float[] b = unmerged.forward(unmerged.encode(TEXTS, manager), false).toFloatArray();
            double max = 0;
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.abs(a[i] - b[i]));
            }
            return max;
        }
    }

    /** all-MiniLM-L6-v2's config.json (the bundled ONNX file carries none). */
    static final String MINILM_CONFIG = """
            {"model_type": "bert", "vocab_size": 30522, "hidden_size": 384, "num_hidden_layers": 6,
             "num_attention_heads": 12, "intermediate_size": 1536, "hidden_act": "gelu",
             "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12,
             "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1}
            """;

    private static void register(int version, List<String> aliases, Lineage lineage) throws Exception {
        Path stored = Files.createDirectories(Path.of("target", "peft-export", "registry", MODEL))
                .resolve(version + ".safetensors");
        Files.copy(trained, stored, StandardCopyOption.REPLACE_EXISTING);
        ModelVersion v = CheckpointEvents.version(MODEL, version, aliases, lineage,
                stored.toAbsolutePath().toUri().toString(), Sha256.of(stored));
        send(Topics.MODELS, MODEL + "/" + version, List.of(v));
    }

    private static <T extends SpecificRecord> void send(String base, String key, List<T> events) {
        try (KafkaProducer<String, SpecificRecord> producer = KafkaTestSupport.producer(Map.of(),
                new StringSerializer(), new AnyEventSerializer())) {
            for (T event : events) {
                producer.send(new ProducerRecord<>(PREFIX + base, key, event));
            }
            producer.flush();
        }
    }

    private static Evaluation awaitEvaluation(String jobId) {
        return KafkaTestSupport.drain(PREFIX + Topics.EVALUATIONS, new StringDeserializer(),
                new EventDeserializer<>(Evaluation.class),
                l -> l.stream().anyMatch(r -> r.value().getJobId().equals(jobId)), Duration.ofMinutes(4)).stream()
                .map(ConsumerRecord::value).filter(e -> e.getJobId().equals(jobId)).findFirst()
                .orElseThrow(() -> new AssertionError("no evaluation of " + jobId + " within 4 minutes"));
    }
}
