package io.tunestream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.launcher.BrokerMode;
import io.tunestream.launcher.EmbeddedStack;
import io.tunestream.launcher.ServiceSpec;
import io.tunestream.launcher.StackServices;
import io.tunestream.launcher.StackSettings;
import io.tunestream.launcher.StackTopics;
import io.tunestream.launcher.llm.TinyLanguageModels;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.LmExample;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.TinyTokenizers;
import io.tunestream.model.arch.BertEncoder;
import io.tunestream.model.arch.EncoderConfig;
import io.tunestream.model.export.PeftAdapterImport;
import io.tunestream.model.generate.Generation;
import io.tunestream.model.generate.GenerationSettings;
import io.tunestream.model.peft.MethodConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * LLM fine-tuning as a user runs it, through the real CLI processes and all seven services: a tiny decoder written
 * by the test in Hugging Face layout is first pretrained by the test (so tuning starts from a model that knows the
 * language of the task), then a causal-LM dataset is published through ingest, cleaned, split and passed through
 * augment, tuned by the trainer, evaluated (perplexity, exact match against the untuned base), registered, exported
 * (merged directory, PEFT adapter) and served ({@code tunestream generate}). Llama with LoRA on an instruction the
 * base never saw ({@code "reverse : a b c ="} -> {@code "c b a"}); GPT-2 with Prompt Tuning, the report's example,
 * on bare inputs the base copies ({@code "a b c ="} -> {@code "c b a"}). And an encoder a user brings: a tiny RoBERTa
 * directory classifies "cat" / "dog" sentences after LoRA through the same services.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class LlmFineTuningEndToEndTest {

    private static final StackTokens TOKENS = StackTokens.generate();
    private static EmbeddedStack stack;

    @org.junit.jupiter.api.extension.RegisterExtension
    static final org.junit.jupiter.api.extension.TestExecutionExceptionHandler EXPLAINED =
            io.tunestream.launcher.Explained.by(() -> stack);
    private static Path stackFile;
    private static Path work;

    @BeforeAll
    static void startStack(@TempDir Path dir) throws Exception {
        work = dir;
        // trainer and evaluator load base models from <work>/models
        List<ServiceSpec> services = StackServices.discover(Path.of(".."), StackServices.MODULES, dir, TOKENS,
                List.of(), m -> { });
        assertThat(services).as("every service must be built first (./mvnw verify from the root builds them)")
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
    void shouldTuneLlamaWithLoraToFollowAnUnseenInstructionThroughThePipeline() throws Exception {
        // Given a tiny Llama pretrained on copy and mirror lines, and an instruction dataset it has never seen
        Path base = work.resolve("models/tiny-llama");
        TinyLanguageModels.writePretrainedLlama(base, 300);
        List<String> words = shuffledWords(1);
        Path data = writeDataset("reverse.jsonl", words, TinyLanguageModels::reversePrompt);
        double baseExact = exactMatch(base, null, words, TinyLanguageModels::reversePrompt);

        // When it is published, tuned with LoRA, evaluated and registered
        CliRun publish = cli("publish", data.toString(), "--dataset", "reverse", "--version", "1", "--task", "causal_lm");
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        CliRun train = cli("train", "--dataset", "reverse@1", "--task", "causal_lm", "--base-model", base.toString(),
                "--method", "lora", "--lora-targets", "q_proj,v_proj", "--lora-rank", "8", "--lora-alpha", "16",
                "--lora-dropout", "0", "--max-steps", "150", "--batch-size", "16", "--lr", "0.005", "--schedule",
                "constant", "--max-length", "32", "--eval-every", "75", "--model-name", "reverser", "--job-id",
                "reverse-lora", "--wait", "--timeout", "600");
        assertThat(train.exitCode()).as(train.toString()).isZero();
        JsonNode version = registered("reverser");

        // Then the tuned model beats its base on the held-out TEST words
        JsonNode metrics = version.path("metrics");
        System.out.printf("reverser v1: perplexity %.4f (base %.4f), exact match %.3f (base %.3f over all words)%n",
                metrics.path("perplexity").asDouble(), metrics.path("base_perplexity").asDouble(),
                metrics.path("exact_match").asDouble(), baseExact);
        assertThat(metrics.path("perplexity").asDouble()).isLessThan(metrics.path("base_perplexity").asDouble() / 2);
        assertThat(metrics.path("exact_match").asDouble()).isGreaterThan(0.8).isGreaterThan(baseExact + 0.5);
        assertThat(version.path("blessed").asBoolean()).isTrue();
        CliRun table = cli("models", "reverser");
        assertThat(table.out()).as(table.toString()).contains("PERPLEXITY", "EXACT", "reverse@1", "reverse-lora");

        // and both exports reload with the same logits
        Path merged = work.resolve("exports/reverser-merged");
        Path peft = work.resolve("exports/reverser-peft");
        CliRun exportMerged = cli("models", "export", "reverser@1", "--format", "merged", "--out", merged.toString());
        CliRun exportPeft = cli("models", "export", "reverser@1", "--format", "peft", "--out", peft.toString());
        assertThat(exportMerged.exitCode()).as(exportMerged.toString()).isZero();
        assertThat(exportPeft.exitCode()).as(exportPeft.toString()).isZero();
        List<String> prompts = words.subList(0, 24).stream().map(TinyLanguageModels::reversePrompt).toList();
        float[] mergedLogits = logits(merged, null, prompts);
        float[] peftLogits = logits(base, peft, prompts);
        double diff = maxAbsDiff(mergedLogits, peftLogits);
        double scale = maxAbsDiff(mergedLogits, new float[mergedLogits.length]);
        System.out.printf("merged export vs base + PEFT adapter: max |logit diff| %.3g, max |logit| %.3g%n", diff,
                scale);
        // the adapter merged on load (W + scale * BA, as PEFT's merge_and_unload) is the merged export, bit for bit
        assertThat(diff).isZero();

        // and `tunestream generate` prints the completions the exported model gives
        CliRun generate = CliRun.in(work, String.join("\n", prompts) + "\n", CliRun.with(
                new String[] {"generate", "--model", "reverser@champion", "--max-new-tokens", "6", "-"},
                "--stack-file", stackFile.toString()));
        assertThat(generate.exitCode()).as(generate.toString()).isZero();
        List<String> printed = generate.out().lines().toList();
        assertThat(printed).hasSize(prompts.size());
        assertThat(printed).isEqualTo(texts(generate(merged, null, prompts, 6)));
        long right = 0;
        for (int i = 0; i < prompts.size(); i++) {
            right += printed.get(i).trim().equals(TinyLanguageModels.reversed(words.get(i))) ? 1 : 0;
        }
        assertThat(right).as(generate.out()).isGreaterThan(prompts.size() * 8L / 10);
    }

    @Test
    void shouldPromptTuneGpt2ToReverseWhatItsBaseCopies() throws Exception {
        // Given a tiny GPT-2 that copies a bare "a b c =" and mirrors after "mirror :"
        Path base = work.resolve("models/tiny-gpt2");
        TinyLanguageModels.writePretrainedGpt2(base, 300);
        List<String> words = shuffledWords(2);
        Path data = writeDataset("bare.jsonl", words, w -> TinyLanguageModels.spelled(w) + " =");
        double baseExact = exactMatch(base, null, words, w -> TinyLanguageModels.spelled(w) + " =");

        // When two soft-prompt vectors are tuned through the pipeline
        CliRun publish = cli("publish", data.toString(), "--dataset", "bare-reverse", "--version", "1", "--task",
                "causal_lm");
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        CliRun train = cli("train", "--dataset", "bare-reverse@1", "--task", "causal_lm", "--base-model",
                base.toString(), "--method", "prompt", "--prompt-length", "2", "--max-steps", "150", "--batch-size",
                "16", "--lr", "0.1", "--schedule", "constant", "--max-length", "32", "--eval-every", "75",
                "--model-name", "gpt2-reverser", "--job-id", "bare-reverse-prompt", "--wait", "--timeout", "600");
        assertThat(train.exitCode()).as(train.toString()).isZero();
        JsonNode version = registered("gpt2-reverser");

        // Then
        JsonNode metrics = version.path("metrics");
        System.out.printf("gpt2-reverser v1: perplexity %.4f (base %.4f), exact match %.3f (base %.3f over all words)%n",
                metrics.path("perplexity").asDouble(), metrics.path("base_perplexity").asDouble(),
                metrics.path("exact_match").asDouble(), baseExact);
        assertThat(metrics.path("perplexity").asDouble()).isLessThan(metrics.path("base_perplexity").asDouble() / 2);
        assertThat(metrics.path("exact_match").asDouble()).isGreaterThan(0.8).isGreaterThan(baseExact + 0.5);

        // and the PEFT prompt-tuning adapter, put on the base, generates what the service prints
        Path peft = work.resolve("exports/gpt2-peft");
        CliRun export = cli("models", "export", "gpt2-reverser@1", "--format", "peft", "--out", peft.toString());
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(Files.readString(peft.resolve("adapter_config.json"))).contains("\"PROMPT_TUNING\"");
        List<String> prompts = words.subList(0, 16).stream().map(w -> TinyLanguageModels.spelled(w) + " =").toList();
        CliRun generate = CliRun.in(work, String.join("\n", prompts) + "\n", CliRun.with(
                new String[] {"generate", "--model", "gpt2-reverser@1", "--max-new-tokens", "6", "-"},
                "--stack-file", stackFile.toString()));
        assertThat(generate.exitCode()).as(generate.toString()).isZero();
        assertThat(generate.out().lines().toList()).isEqualTo(texts(generate(base, peft, prompts, 6)));
    }

    @Test
    void shouldRefuseAnUnsupportedModelDirectoryNamingTheField() throws Exception {
        // Given a T5 directory under the model root
        Path t5 = Files.createDirectories(work.resolve("models/tiny-t5"));
        Files.writeString(t5.resolve("config.json"), "{\"model_type\": \"t5\", \"d_model\": 64}");

        // When
        CliRun train = cli("train", "--dataset", "reverse@1", "--task", "causal_lm", "--base-model", t5.toString(),
                "--method", "lora", "--max-steps", "2", "--wait", "--timeout", "120");

        // Then the request is refused before any job runs, naming the field and what is supported
        assertThat(train.exitCode()).as(train.toString()).isEqualTo(1);
        assertThat(train.err()).contains("model_type='t5'", "llama", "gpt2");
    }

    @Test
    void shouldTuneAUsersRobertaDirectoryWithLoraThroughThePipeline() throws Exception {
        // Given a user's tiny RoBERTa (HF layout, byte-level BPE, pad 1; the layout EncoderFamiliesTorchCrossCheckTest
        // checks against HF's modelling code in torch) under the model root, and 300 "cat" / "dog" sentences
        Path base = work.resolve("models/tiny-roberta");
        List<String> adjectives = List.of("big", "small", "red", "old", "young", "grey");
        List<String> endings = List.of("sat on the mat", "ran home", "slept", "ate the fish", "sat on a mat", "ran");
        List<String> words = new ArrayList<>(List.of("the", "a", "cat", "dog"));
        adjectives.forEach(words::add);
        endings.forEach(e -> words.addAll(List.of(e.split(" "))));
        writeTinyRoberta(base, words);
        List<String> lines = new ArrayList<>();
        for (String det : List.of("the", "a")) {
            for (String adjective : adjectives) {
                for (String ending : endings) {
                    for (String animal : List.of("cat", "dog")) {
                        lines.add("{\"text\": \"" + det + " " + adjective + " " + animal + " " + ending
                                + "\", \"label\": \"" + animal + "\"}");
                    }
                }
            }
        }
        Path data = Files.writeString(work.resolve("pets.jsonl"), String.join("\n", lines) + "\n");

        // When it is published, tuned with LoRA on RoBERTa's default targets, evaluated and registered
        CliRun publish = cli("publish", data.toString(), "--dataset", "pets", "--version", "1");
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        CliRun train = cli("train", "--dataset", "pets@1", "--base-model", base.toString(), "--method", "lora",
                "--lora-dropout", "0", "--max-steps", "40", "--batch-size", "16", "--lr", "0.03", "--schedule",
                "constant", "--max-length", "16", "--model-name", "pets", "--job-id", "pets-roberta", "--wait",
                "--timeout", "300");
        assertThat(train.exitCode()).as(train.toString()).isZero();
        JsonNode version = registered("pets");

        // Then the TEST accuracy is well above the majority rate (two balanced classes: 0.5)
        double accuracy = version.path("metrics").path("accuracy").asDouble();
        System.out.printf("tiny RoBERTa through the services: TEST accuracy %.3f%n", accuracy);
        assertThat(version.path("lineage").path("baseModel").asText()).isEqualTo(base.toString());
        assertThat(accuracy).isGreaterThan(0.75);
    }

    private static void writeTinyRoberta(Path dir, List<String> words) throws Exception {
        String tokenizer = TinyTokenizers.bytePairEncoding(words);
        EncoderConfig config = new EncoderConfig("roberta", TinyTokenizers.vocabSize(tokenizer), 32, 2, 4, 64, 40, 1,
                1e-12, 0.0, 0.0, 1);
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(11);
            BertEncoder random = new BertEncoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(dir, config.toJson(), random, tokenizer);
        }
    }

    private static CliRun cli(String... args) {
        return CliRun.of(CliRun.with(args, "--stack-file", stackFile.toString()));
    }

    /** Waits for the registry's first version of {@code name}. */
    private static JsonNode registered(String name) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            CliRun models = cli("models", name, "-o", "json");
            assertThat(models.exitCode()).as(models.toString()).isZero();
            List<JsonNode> versions = models.out().lines().filter(l -> !l.isBlank()).map(l -> {
                try {
                    return ServiceClient.JSON.readTree(l);
                } catch (java.io.IOException e) {
                    throw new AssertionError("not a JSON line: " + l, e);
                }
            }).toList();
            assertThat(versions).isNotEmpty();
            found.add(versions.get(0));
        });
        return found.get(found.size() - 1);
    }

    private static List<String> shuffledWords(long seed) {
        List<String> words = new ArrayList<>(TinyLanguageModels.words());
        Collections.shuffle(words, new Random(seed));
        return words;
    }

    private static Path writeDataset(String file, List<String> words, java.util.function.Function<String, String> prompt)
            throws Exception {
        String lines = words.stream().map(w -> "{\"prompt\": \"" + prompt.apply(w) + "\", \"completion\": \""
                + TinyLanguageModels.reversed(w) + "\"}").collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(work.resolve(file), lines);
    }

    /** Share of words the model (base, or base + PEFT adapter) reverses exactly, greedily. */
    private static double exactMatch(Path model, Path adapter, List<String> words,
            java.util.function.Function<String, String> prompt) {
        List<String> out = texts(generate(model, adapter, words.stream().map(prompt).toList(), 6));
        long right = 0;
        for (int i = 0; i < words.size(); i++) {
            right += out.get(i).trim().equals(TinyLanguageModels.reversed(words.get(i))) ? 1 : 0;
        }
        return (double) right / words.size();
    }

    private static List<Generation> generate(Path model, Path adapter, List<String> prompts, int maxNewTokens) {
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel loaded = PretrainedModels.loadHuggingFace(model, manager, 32)) {
            CausalLanguageModel lm = adapter == null
                    ? CausalLanguageModel.create(loaded, new MethodConfig.FullFineTuning(false), manager, 0)
                    : PeftAdapterImport.load(loaded, adapter, manager);
            List<Generation> out = new ArrayList<>();
            for (int from = 0; from < prompts.size(); from += 64) {
                try (NDManager step = manager.newSubManager()) {
                    out.addAll(lm.generate(prompts.subList(from, Math.min(prompts.size(), from + 64)),
                            GenerationSettings.greedy(maxNewTokens), step));
                }
            }
            return out;
        }
    }

    private static List<String> texts(List<Generation> generations) {
        return generations.stream().map(Generation::text).toList();
    }

    private static float[] logits(Path model, Path adapter, List<String> prompts) {
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel loaded = PretrainedModels.loadHuggingFace(model, manager, 32)) {
            CausalLanguageModel lm = adapter == null
                    ? CausalLanguageModel.create(loaded, new MethodConfig.FullFineTuning(false), manager, 0)
                    : PeftAdapterImport.load(loaded, adapter, manager);
            if (adapter != null) {
                lm.method().merge();
            }
            List<LmExample> examples = prompts.stream().map(p -> new LmExample(p, "")).toList();
            return lm.forward(lm.encode(examples, manager).tokens(), false).toFloatArray();
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
