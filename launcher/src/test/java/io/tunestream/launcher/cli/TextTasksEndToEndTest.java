package io.tunestream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.launcher.BrokerMode;
import io.tunestream.launcher.EmbeddedStack;
import io.tunestream.launcher.ServiceSpec;
import io.tunestream.launcher.StackServices;
import io.tunestream.launcher.StackSettings;
import io.tunestream.launcher.StackTopics;
import io.tunestream.sampledata.AfinnCorpus;
import io.tunestream.sampledata.ChinesePoetryCorpus;
import io.tunestream.sampledata.CorpusRecord;
import io.tunestream.sampledata.SotuCorpus;
import io.tunestream.sampledata.SpamAssassinCorpus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beyond binary English, through the real CLI processes and all seven services on one shared stack: a 5-class English
 * dataset (State of the Union passages by era), a 3-class Chinese dataset (Tang poems, Song poems, Song ci) and a
 * regression dataset (AFINN-111 word valence), each from the npm package that ships the corpus, published, cleaned,
 * split, augmented (the Chinese one segmented with jieba, as its stage report says), tuned with LoRA, evaluated and
 * registered. Few steps and short sequences keep each to well under a minute of training on two cores. Slow suite
 * (about 2 min 15 s on two cores): run with {@code -Dgroups=slow}; the default run covers these tasks' metrics, losses,
 * splitters and augmenter in unit tests, and a user's encoder directory through the services in
 * {@link LlmFineTuningEndToEndTest}.
 */
@Tag("slow")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class TextTasksEndToEndTest {

    /** The base model of the Chinese dataset: the bundled Chinese BGE encoder (CLS pooling). */
    static final String CHINESE_BASE_MODEL = "bundled:bge-small-zh-v1.5";
    private static final String ENGLISH_BASE_MODEL = "bundled:all-minilm-l6-v2";

    private static final StackTokens TOKENS = StackTokens.generate();
    private static EmbeddedStack stack;

    @RegisterExtension
    static final TestExecutionExceptionHandler EXPLAINED = io.tunestream.launcher.Explained.by(() -> stack);
    private static Path stackFile;
    private static Path work;

    @BeforeAll
    static void startStack(@TempDir Path dir) throws Exception {
        work = dir;
        List<ServiceSpec> services = StackServices.discover(Path.of(".."), StackServices.MODULES, dir, TOKENS,
                List.of(), m -> { });
        assertThat(services).as("every service must be built first (./mvnw package from the root builds them)")
                .hasSize(StackServices.MODULES.size());
        stack = EmbeddedStack.start(new StackSettings(BrokerMode.IN_PROCESS, BrokerSettings.defaults(),
                StackTopics.defaults(), services, dir.resolve("logs"), Duration.ofMinutes(3)),
                new PrintStream(PrintStream.nullOutputStream()));
        Map<String, String> urls = new LinkedHashMap<>();
        stack.components().stream().filter(c -> !c.name().equals("kafka"))
                .forEach(c -> urls.put(c.name(), "http://" + c.address()));
        stackFile = dir.resolve("stack.json");
        new StackFile(stack.bootstrapServers(), urls, "tunestream.", ProcessHandle.current().pid(), stack.childPids(),
                Instant.now().toString(), TOKENS.byRole(), stack.cliConnection().security()).write(stackFile);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldBeatTheMajorityClassOnFiveEnglishErasWithLora() throws Exception {
        // Given 500 SOTU passages, 100 per era, grouped by address
        long started = System.nanoTime();
        List<CorpusRecord> passages = SotuCorpus.fetch(SpamAssassinCorpus.defaultCacheDir()).eraPassages(100);
        Path data = CorpusRecord.writeJsonl(passages, work.resolve("sotu-eras.jsonl"));

        // When they are published, tuned with LoRA, evaluated and registered
        publish(data, "sotu-eras", "--group-field", "group", "--balance", "none", "--config", "language=auto");
        train("sotu-eras", "classification", ENGLISH_BASE_MODEL, "48", "60", "0.002");
        JsonNode version = registered("sotu-eras");

        // Then the test accuracy beats always answering the most frequent test era by a clear margin
        JsonNode metrics = version.path("metrics");
        double accuracy = metrics.path("accuracy").asDouble();
        double majority = metrics.path("majority_class_rate").asDouble();
        System.out.printf("sotu-eras (5 classes, %s): TEST accuracy %.3f, majority-class rate %.3f, f1_macro %.3f, "
                + "roc_auc_ovr_macro %.3f, %.0f s%n", ENGLISH_BASE_MODEL, accuracy, majority,
                metrics.path("f1_macro").asDouble(), metrics.path("roc_auc").asDouble(), seconds(started));
        assertThat(majority).isBetween(0.1, 0.5);
        assertThat(accuracy).isGreaterThan(majority + 0.15);
        assertThat(metrics.path("roc_auc").asDouble()).isGreaterThan(0.7);
        CliRun table = cli("models", "sotu-eras");
        assertThat(table.out()).as(table.toString()).contains("ACCURACY", "sotu-eras@1");
    }

    @Test
    void shouldBeatTheMajorityClassOnChinesePoetryAndSayWhatAugmentationDid() throws Exception {
        // Given 450 poems: 150 Tang poems, 150 Song poems, 150 Song ci
        long started = System.nanoTime();
        List<CorpusRecord> poems = ChinesePoetryCorpus.fetch(SpamAssassinCorpus.defaultCacheDir()).poems(150);
        Path data = CorpusRecord.writeJsonl(poems, work.resolve("poetry.jsonl"));

        // When
        publish(data, "tang-song", "--balance", "none");
        train("tang-song", "classification", CHINESE_BASE_MODEL, "64", "60", "0.002");
        JsonNode version = registered("tang-song");

        // Then augment's report says it segmented the Chinese with jieba and left WordNet out
        JsonNode augment = datasetStages("tang-song").path("augment");
        System.out.println("tang-song augment report: " + augment.path("message").asText());
        assertThat(augment.path("message").asText()).startsWith("language zh (detected: han script")
                .contains("jieba", "WordNet synonym replacement and insertion off").contains("records generated from");
        // and the model beats the majority class on TEST
        JsonNode metrics = version.path("metrics");
        double accuracy = metrics.path("accuracy").asDouble();
        double majority = metrics.path("majority_class_rate").asDouble();
        System.out.printf("tang-song (3 classes, %s): TEST accuracy %.3f, majority-class rate %.3f, f1_macro %.3f, "
                + "%.0f s%n", CHINESE_BASE_MODEL, accuracy, majority, metrics.path("f1_macro").asDouble(),
                seconds(started));
        assertThat(majority).isBetween(0.2, 0.6);
        assertThat(accuracy).isGreaterThan(majority + 0.15);
    }

    @Test
    void shouldRankWordsByValenceWhenRegressionIsTrainedOnAfinn() throws Exception {
        // Given 413 AFINN-111 words (every 6th) with their valence, -5..5
        long started = System.nanoTime();
        List<CorpusRecord> words = AfinnCorpus.fetch(SpamAssassinCorpus.defaultCacheDir()).sample(6);
        Path data = CorpusRecord.writeJsonl(words, work.resolve("afinn.jsonl"));

        // When
        publish(data, "afinn", "--task", "regression", "--score-field", "score", "--balance", "none",
                "--config", "language=en");
        train("afinn", "regression", ENGLISH_BASE_MODEL, "16", "80", "0.002");
        JsonNode version = registered("afinn");

        // Then the predicted valence ranks the TEST words as people did
        JsonNode metrics = version.path("metrics");
        System.out.printf("afinn (regression, %s): TEST spearman %.3f, pearson %.3f, mae %.3f, rmse %.3f, %.0f s%n",
                ENGLISH_BASE_MODEL, metrics.path("spearman").asDouble(), metrics.path("pearson").asDouble(),
                metrics.path("mae").asDouble(), metrics.path("rmse").asDouble(), seconds(started));
        assertThat(metrics.path("spearman").asDouble()).isGreaterThan(0.3);
        assertThat(metrics.path("rmse").asDouble()).isPositive();
        CliRun table = cli("models", "afinn");
        assertThat(table.out()).as(table.toString()).contains("SPEARMAN", "RMSE", "afinn@1");
    }

    private static void publish(Path data, String dataset, String... options) {
        List<String> args = new ArrayList<>(List.of("publish", data.toString(), "--dataset", dataset, "--version", "1"));
        args.addAll(List.of(options));
        CliRun publish = cli(args.toArray(String[]::new));
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
    }

    private static void train(String dataset, String task, String baseModel, String maxLength, String steps, String lr) {
        CliRun train = cli("train", "--dataset", dataset + "@1", "--task", task, "--base-model", baseModel,
                "--method", "lora", "--lora-rank", "8", "--lora-alpha", "16", "--lora-dropout", "0", "--max-steps", steps,
                "--batch-size", "16", "--lr", lr, "--max-length", maxLength, "--eval-every", steps, "--model-name",
                dataset, "--job-id", dataset + "-lora", "--wait", "--timeout", "600");
        assertThat(train.exitCode()).as(train.toString()).isZero();
    }

    private static CliRun cli(String... args) {
        return CliRun.of(CliRun.with(args, "--stack-file", stackFile.toString()));
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static JsonNode datasetStages(String dataset) throws IOException {
        CliRun datasets = cli("datasets", "--dataset", dataset, "-o", "json");
        assertThat(datasets.exitCode()).as(datasets.toString()).isZero();
        return ServiceClient.JSON.readTree(datasets.out().lines().filter(l -> !l.isBlank()).findFirst().orElseThrow())
                .path("stages");
    }

    /** Waits for the registry's first version of {@code name}. */
    private static JsonNode registered(String name) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            CliRun models = cli("models", name, "-o", "json");
            assertThat(models.exitCode()).as(models.toString()).isZero();
            List<String> lines = models.out().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).isNotEmpty();
            found.add(ServiceClient.JSON.readTree(lines.get(0)));
        });
        return found.get(found.size() - 1);
    }
}
