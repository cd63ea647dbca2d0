package io.tunestream.evaluator.it;

import static io.tunestream.security.Roles.EVALUATOR;
import static io.tunestream.security.Roles.READER;
import static io.tunestream.testsupport.ApiTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.tunestream.events.GenerationParameters;
import io.tunestream.events.Lineage;
import io.tunestream.events.ScoringItem;
import io.tunestream.events.ScoringRequest;
import io.tunestream.events.ScoringResult;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.events.BaseModelReference;
import io.tunestream.model.events.ModelRoots;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.model.events.Sha256;
import io.tunestream.model.events.TrainedLanguageModel;
import io.tunestream.model.generate.Generation;
import io.tunestream.model.generate.GenerationSettings;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.export.PeftLoraExport;
import io.tunestream.model.safetensors.SafetensorsReader;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.AnyEventSerializer;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.testsupport.KafkaBrokerResource;
import io.tunestream.testsupport.KafkaTestSupport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Text generation with a registered causal language model (a tiny random Llama with LoRA, registered the way the
 * registry's models topic holds versions): {@code POST /api/generate}, the scoring topics, the exports, and the
 * refusals of the wrong task.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GenerateTest {

    static final String PREFIX = "tunestream.";
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String LM = "tiny-lm-" + SUFFIX;
    static final String CLASSIFIER = "tiny-cls-" + SUFFIX;
    static final List<String> PROMPTS = List.of("reverse abc", "the a");
    static Path base;
    static Path weights;

    @BeforeAll
    static void register() throws Exception {
        base = Path.of("target", "test-models", "tiny-llama-" + SUFFIX).toAbsolutePath();
        TinyLlama.writeBase(base);
        Path dir = Files.createDirectories(Path.of("target", "generate-test", SUFFIX));
        weights = dir.resolve("lora.safetensors");
        TinyLlama.writeLora(base, weights);
        send(Topics.MODELS, LM + "/1", CheckpointEvents.version(LM, 1, List.of("champion"), lmLineage(),
                weights.toAbsolutePath().toUri().toString(), Sha256.of(weights)));
        // a classifier version: refused before anything loads, so any verified file does
        send(Topics.MODELS, CLASSIFIER + "/1", CheckpointEvents.version(CLASSIFIER, 1, List.of("champion"),
                CheckpointEvents.lineage("d", "1", "job-cls-" + SUFFIX), weights.toAbsolutePath().toUri().toString(),
                Sha256.of(weights)));
    }

    @Test
    @Order(1)
    @Timeout(180)
    void shouldGenerateWhatTheRegisteredModelGeneratesWhenPostedPrompts() {
        // Given what the registered version generates greedily, loaded here
        List<Generation> expected = locally(GenerationSettings.greedy(4));

        // When
        JsonPath answer = as(EVALUATOR).contentType("application/json")
                .body(Map.of("model", LM, "prompts", PROMPTS, "maxNewTokens", 4)).post("/api/generate").then()
                .statusCode(200).extract().jsonPath();

        // Then
        assertThat(answer.getString("model")).isEqualTo(LM);
        assertThat(answer.getInt("version")).isEqualTo(1);
        assertThat(answer.getList("generations.prompt")).containsExactlyElementsOf(PROMPTS);
        assertThat(answer.getList("generations.text", String.class)).containsExactly(expected.get(0).text(),
                expected.get(1).text());
        assertThat(answer.getList("generations.tokens", Integer.class)).containsExactly(
                expected.get(0).tokenIds().length, expected.get(1).tokenIds().length).allSatisfy(
                        n -> assertThat(n).isBetween(1, 4));
        assertThat(answer.getList("generations.stoppedAtEos", Boolean.class)).containsExactly(
                expected.get(0).stoppedAtEos(), expected.get(1).stoppedAtEos());

        // and sampling with a seed repeats itself
        Map<String, Object> sampling = Map.of("model", LM, "aliasOrVersion", "1", "prompts", List.of("the"),
                "maxNewTokens", 6, "temperature", 1.5, "topK", 5, "topP", 0.95, "seed", 11);
        String first = as(EVALUATOR).contentType("application/json").body(sampling).post("/api/generate").then()
                .statusCode(200).extract().path("generations[0].text");
        String second = as(EVALUATOR).contentType("application/json").body(sampling).post("/api/generate").then()
                .statusCode(200).extract().path("generations[0].text");
        assertThat(second).isEqualTo(first);
        assertThat(locally(List.of("the"), new GenerationSettings(6, 1.5, 5, 0.95, 11, true)).get(0).text())
                .isEqualTo(first);
    }

    @Test
    @Order(2)
    @Timeout(120)
    void shouldRefuseBadRequestsNamingTheFieldAndTheWrongRoleOrTask() {
        as(EVALUATOR).contentType("application/json").body(Map.of("model", LM, "prompts", PROMPTS, "maxNewTokens", 0,
                "topP", 2)).post("/api/generate").then().statusCode(400).contentType("application/problem+json")
                .body("detail", allOf(containsString("maxNewTokens must be in 1..512"), containsString("topP")));
        as(EVALUATOR).contentType("application/json").body(Map.of("model", LM, "prompts",
                Collections.nCopies(65, "the"))).post("/api/generate").then().statusCode(400)
                .body("detail", containsString("prompts: at most 64"));
        as(EVALUATOR).contentType("application/json").body(Map.of("model", LM, "prompts", List.of())).post(
                "/api/generate").then().statusCode(400).body("detail", containsString("prompts"));
        as(EVALUATOR).contentType("application/json").body("{\"model\":\"" + LM + "\",\"prompts\":[\"the\"],"
                + "\"maxNewTokens\":\"many\"}").post("/api/generate").then().statusCode(400)
                .body("detail", containsString("maxNewTokens"));
        as(EVALUATOR).contentType("application/json").body(Map.of("model", "../x", "prompts", PROMPTS))
                .post("/api/generate").then().statusCode(400).body("detail", containsString("model"));
        as(EVALUATOR).contentType("application/json").body(Map.of("model", "nope-" + SUFFIX, "prompts", PROMPTS))
                .post("/api/generate").then().statusCode(404);
        RestAssured.given().contentType("application/json").body(Map.of("model", LM, "prompts", PROMPTS))
                .post("/api/generate").then().statusCode(401);
        as(READER).contentType("application/json").body(Map.of("model", LM, "prompts", PROMPTS))
                .post("/api/generate").then().statusCode(403);
        // the wrong task: a causal LM asked to score, a classifier asked to generate or export
        as(EVALUATOR).contentType("application/json").body(Map.of("model", LM, "items", List.of(Map.of("id", "1",
                "text", "the")))).post("/api/score").then().statusCode(409).contentType("application/problem+json")
                .body("title", equalTo("Wrong task")).body("detail", containsString("/api/generate"));
        as(EVALUATOR).contentType("application/json").body(Map.of("model", CLASSIFIER, "prompts", PROMPTS))
                .post("/api/generate").then().statusCode(409).body("detail", containsString("/api/score"));
        as(EVALUATOR).get("/api/models/" + CLASSIFIER + "/versions/1/exports/merged").then().statusCode(409);
        as(EVALUATOR).get("/api/models/" + LM + "/versions/1/merged").then().statusCode(409)
                .body("detail", containsString("exports/merged"));
        as(EVALUATOR).get("/api/models/" + LM + "/versions/1/exports/onnx").then().statusCode(400);
    }

    @Test
    @Order(3)
    @Timeout(180)
    void shouldAnswerGenerationRequestsOnTheScoringTopic() {
        // Given a generation request for the champion, and a scoring request without settings
        List<Generation> expected = locally(GenerationSettings.greedy(3));
        ScoringRequest request = ScoringRequest.newBuilder().setRequestId("gen-" + UUID.randomUUID())
                .setModelName(LM).setAliasOrVersion("champion")
                .setItems(IntStream.range(0, PROMPTS.size()).mapToObj(i -> ScoringItem.newBuilder()
                        .setId("p" + i).setText(PROMPTS.get(i)).build()).toList())
                .setGeneration(GenerationParameters.newBuilder().setMaxNewTokens(3).build())
                .setProducedAt(Instant.now()).build();
        ScoringRequest tooLong = ScoringRequest.newBuilder().setRequestId("gen-" + UUID.randomUUID())
                .setModelName(LM).setAliasOrVersion("champion")
                .setItems(List.of(ScoringItem.newBuilder().setId("q").setText("the").build()))
                .setGeneration(GenerationParameters.newBuilder().setMaxNewTokens(100_000).build())
                .setProducedAt(Instant.now()).build();

        // When
        send(Topics.SCORING_REQUESTS, request.getRequestId(), request);
        send(Topics.SCORING_REQUESTS, tooLong.getRequestId(), tooLong);

        // Then
        ScoringResult result = awaitResult(request.getRequestId());
        assertThat(result.getError()).isNull();
        assertThat(result.getVersion()).isEqualTo(1);
        assertThat(result.getResults()).extracting(r -> r.getId()).containsExactly("p0", "p1");
        assertThat(result.getResults()).extracting(r -> r.getGenerated()).containsExactly(expected.get(0).text(),
                expected.get(1).text());
        assertThat(result.getResults().get(0).getLabel()).isNull();
        assertThat(awaitResult(tooLong.getRequestId()).getError()).contains("maxNewTokens must be in 1..512");
    }

    @Test
    @Order(5)
    @Timeout(180)
    void shouldDeadLetterUndecodableScoringRequestsWithTheirBytesAndGoOn() {
        // Given bytes that are no scoring request, with a header of the sender's, and a good request behind them
        // under the same key (same partition: it is answered only after the poison was dealt with)
        String key = "poison-" + UUID.randomUUID();
        byte[] poison = ("{\"requestId\": \"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
        ScoringRequest behind = ScoringRequest.newBuilder().setRequestId("gen-" + UUID.randomUUID())
                .setModelName(LM).setAliasOrVersion("champion")
                .setItems(List.of(ScoringItem.newBuilder().setId("b").setText("the").build()))
                .setGeneration(GenerationParameters.newBuilder().setMaxNewTokens(1).build())
                .setProducedAt(Instant.now()).build();

        // When
        try (KafkaProducer<String, byte[]> producer = KafkaTestSupport.producer(Map.of(), new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(PREFIX + Topics.SCORING_REQUESTS, key, poison);
            record.headers().add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));
            producer.send(record);
            producer.send(new ProducerRecord<>(PREFIX + Topics.SCORING_REQUESTS, key,
                    new AnyEventSerializer().serialize(PREFIX + Topics.SCORING_REQUESTS, behind)));
            producer.flush();
        }

        // Then: the dead-letter topic holds the original key, bytes and header, with our reason and source headers
        ConsumerRecord<String, byte[]> dead = KafkaTestSupport.drain(Topics.dlq(PREFIX + Topics.SCORING_REQUESTS),
                new StringDeserializer(), new ByteArrayDeserializer(),
                l -> l.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(120)).stream()
                .filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(DeadLetterHeaders.get(dead.headers(), "trace-id")).isEqualTo("t-1");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON))
                .isEqualTo("UNDECODABLE_SCORING_REQUEST");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.STAGE)).isEqualTo("evaluator-scoring");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC))
                .isEqualTo(PREFIX + Topics.SCORING_REQUESTS);
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).matches("\\d+");
        // and the request behind it is answered
        assertThat(awaitResult(behind.getRequestId()).getError()).isNull();
    }

    @Test
    @Order(4)
    @Timeout(180)
    void shouldDownloadMergedDirectoryAndPeftAdapterAsZips() throws Exception {
        // When
        var merged = as(EVALUATOR).get("/api/models/" + LM + "/versions/champion/exports/merged").then()
                .statusCode(200).contentType("application/zip").extract();
        var peft = as(EVALUATOR).get("/api/models/" + LM + "/versions/1/exports/peft").then().statusCode(200)
                .extract();

        // Then: the merged zip unpacks to a Hugging Face directory with the base's tensor names, which generates
        // what the service generates
        byte[] zip = merged.asByteArray();
        assertThat(merged.header("X-Checksum-SHA256")).isEqualTo(Sha256.of(zip));
        Path dir = unzip(zip, Path.of("target", "generate-test", SUFFIX, "merged"));
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("config.json",
                "model.safetensors", "tokenizer.json", "generation_config.json");
        assertThat(SafetensorsReader.header(dir.resolve("model.safetensors")).tensors().keySet())
                .containsExactlyInAnyOrderElementsOf(SafetensorsReader.header(base.resolve("model.safetensors"))
                        .tensors().keySet());
        assertThat(Files.readString(dir.resolve("config.json"))).contains("\"torch_dtype\": \"float32\"")
                .contains("LlamaForCausalLM");
        List<Generation> expected = locally(GenerationSettings.greedy(4));
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel fresh = PretrainedModels.loadHuggingFace(dir, manager, TinyLlama.MAX_LENGTH)) {
            CausalLanguageModel plain = CausalLanguageModel.create(fresh, new MethodConfig.FullFineTuning(false),
                    manager, 1);
            assertThat(plain.generate(PROMPTS, GenerationSettings.greedy(4), manager)).extracting(Generation::text)
                    .containsExactly(expected.get(0).text(), expected.get(1).text());
        }
        // and the PEFT zip holds a CAUSAL_LM adapter
        Path adapter = unzip(peft.asByteArray(), Path.of("target", "generate-test", SUFFIX, "peft"));
        try (NDManager manager = NDManager.newBaseManager()) {
            var read = PeftLoraExport.read(adapter, manager);
            assertThat(read.config().taskType()).isEqualTo("CAUSAL_LM");
            assertThat(read.modules()).containsKey("model.layers.0.self_attn.q_proj").hasSize(4);
        }
    }

    private static List<Generation> locally(GenerationSettings settings) {
        return locally(PROMPTS, settings);
    }

    private static List<Generation> locally(List<String> prompts, GenerationSettings settings) {
        ModelSpec spec = ModelSpec.of(lmLineage());
        try (TrainedLanguageModel model = TrainedLanguageModel.load(spec, weights,
                new BaseModelReference(ModelRoots.parse(base.getParent().toString())), Device.cpu())) {
            return model.generate(prompts, settings, 8);
        }
    }

    private static Lineage lmLineage() {
        Map<String, String> config = new TreeMap<>();
        config.put("method.type", "LORA");
        config.put("method.loraRank", "4");
        config.put("method.loraAlpha", "8.0");
        config.put("method.loraDropout", "0.0");
        config.put("method.targetModules", "[q_proj, v_proj]");
        config.put(ModelSpec.MAX_LENGTH_KEY, String.valueOf(TinyLlama.MAX_LENGTH));
        config.put(ModelSpec.TASK_KEY, "CAUSAL_LM");
        return Lineage.newBuilder().setDatasetId("lm-data").setDatasetVersion("1").setJobId("job-lm-" + SUFFIX)
                .setBaseModel(base.toString()).setConfig(config).setSeed(42).build();
    }

    private static Path unzip(byte[] zip, Path target) throws Exception {
        Files.createDirectories(target);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Files.copy(in, target.resolve(e.getName()));
            }
        }
        return target;
    }

    private static ScoringResult awaitResult(String requestId) {
        return KafkaTestSupport.drain(PREFIX + Topics.SCORING_RESULTS, new StringDeserializer(),
                new EventDeserializer<>(ScoringResult.class),
                l -> l.stream().anyMatch(r -> r.key().equals(requestId)), Duration.ofSeconds(120)).stream()
                .filter(r -> r.key().equals(requestId)).map(ConsumerRecord::value).findFirst().orElseThrow();
    }

    private static void send(String topic, String key, SpecificRecord event) {
        try (KafkaProducer<String, SpecificRecord> producer = KafkaTestSupport.producer(Map.of(),
                new StringSerializer(), new AnyEventSerializer())) {
            producer.send(new ProducerRecord<>(PREFIX + topic, key, event));
            producer.flush();
        }
    }
}
