package io.tunestream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tunestream.launcher.TunestreamCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command's argument handling, help and "no stack" errors: no broker, no service. */
@Timeout(60)
class CliArgumentsTest {

    @TempDir
    Path dir;

    private String noStack() {
        return dir.resolve("stack.json").toString();
    }

    /** Every command the CLI has (but picocli's own `help`), so a new one cannot ship without working help. */
    static Stream<String> commands() {
        return TunestreamCli.commandLine().getSubcommands().keySet().stream().filter(c -> !c.equals("help"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldPrintReadableHelpWhenAskedForHelp(String command) {
        CliRun run = CliRun.of(command, "--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Usage: tunestream " + command);
    }

    @Test
    void shouldListEveryCommandWhenRunWithoutArguments() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("up", "down", "publish", "datasets", "train", "jobs", "watch", "evaluate",
                "models", "promote", "rollback", "score", "cancel", "Exit codes");
    }

    @Test
    void shouldRefuseUnknownCommandWithUsageExitCode() {
        CliRun run = CliRun.of("frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument", "frobnicate");
    }

    @Test
    void shouldNameTheDeadLetterTopicsWhenDlqIsGivenAnotherTopic() {
        // When
        CliRun source = CliRun.of("dlq", "replay", "datasets.raw", "--stack-file", noStack());
        CliRun unread = CliRun.of("dlq", "replay", "training.jobs.dlq", "--stack-file", noStack());

        // Then
        assertThat(source.exitCode()).as(source.toString()).isEqualTo(2);
        assertThat(source.err()).contains("'datasets.raw' is not a dead-letter topic: its dead letters are in "
                + "'datasets.raw.dlq'", "Dead-letter topics: datasets.ingest.dlq, datasets.raw.dlq");
        assertThat(unread.exitCode()).as(unread.toString()).isEqualTo(2);
        assertThat(unread.err()).contains("no service dead-letters to tunestream.training.jobs.dlq",
                "Replayable: tunestream.datasets.ingest.dlq");
    }

    @Test
    void shouldRefuseUnknownMethodWhenTrainIsGivenOne() {
        CliRun run = CliRun.of("train", "--dataset", "d@1", "--method", "magic", "--stack-file", noStack());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown method 'magic'", "lora, adapter, prompt, full");
    }

    @Test
    void shouldRequireDatasetAndMethodWhenTraining() {
        CliRun run = CliRun.of("train");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required options", "--dataset", "--method");
    }

    @Test
    void shouldBuildJobRequestFromOptionsWhenTraining() {
        TrainCommand train = new TrainCommand();
        picocli.CommandLine cli = new picocli.CommandLine(train);
        cli.parseArgs("--dataset", "spam@2", "--method", "PROMPT", "--prompt-length", "20", "--epochs", "3", "--lr",
                "5e-4", "--schedule", "linear", "--max-length", "128", "--seed", "7");

        Map<String, Object> body = train.request();

        assertThat(body).containsEntry("datasetId", "spam").containsEntry("datasetVersion", "2")
                .containsEntry("seed", 7L).containsEntry("method", Map.of("type", "PROMPT_TUNING", "promptLength", 20));
        assertThat(body.get("hyperParameters")).isEqualTo(Map.of("epochs", 3, "learningRate", 5e-4,
                "schedule", "LINEAR", "maxSequenceLength", 128));
    }

    @Test
    void shouldBuildCausalLmJobRequestWhenTrainingADecoder(@TempDir Path models) {
        // Given a Hugging Face directory and decoder settings
        Path llama = models.resolve("tiny-llama");
        TrainCommand train = new TrainCommand();
        new picocli.CommandLine(train).parseArgs("--dataset", "instructions@1", "--task", "causal_lm", "--base-model",
                llama.toString(), "--method", "lora", "--lora-targets", "q_proj,k_proj,v_proj", "--lora-rank", "16",
                "--early-stopping-metric", "val_perplexity");
        // When
        Map<String, Object> body = train.request();
        // Then
        assertThat(body).containsEntry("task", "CAUSAL_LM").containsEntry("baseModel", llama.toString())
                .containsEntry("method", Map.of("type", "LORA", "loraRank", 16,
                        "targetModules", List.of("q_proj", "k_proj", "v_proj")));
        assertThat(body.get("hyperParameters")).isEqualTo(Map.of("earlyStoppingMetric", "val_perplexity"));
    }

    @Test
    void shouldSendAnExistingRelativeBaseModelDirectoryAsAnAbsolutePathAndANameAsGiven() {
        assertThat(TrainCommand.baseModelReference("target")).isEqualTo(Path.of("target").toAbsolutePath().toString());
        assertThat(TrainCommand.baseModelReference("tiny-llama")).isEqualTo("tiny-llama");
        assertThat(TrainCommand.baseModelReference("bundled:all-minilm-l6-v2")).isEqualTo("bundled:all-minilm-l6-v2");
    }

    @Test
    void shouldRefuseUnknownTaskAndListTheDecoderDefaultsInTrainHelp() {
        CliRun unknown = CliRun.of("train", "--dataset", "d@1", "--method", "lora", "--task", "translation",
                "--stack-file", noStack());
        CliRun help = CliRun.of("train", "--help");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown task 'translation'", "classification, regression, causal_lm");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--lora-targets", "q_proj,v_proj", "c_attn", "tunestream.models.roots",
                "TUNESTREAM_MODELS_ROOTS", "causal_lm", "default 2e-4", "--early-stopping-metric", "val_perplexity");
    }

    @Test
    void shouldRequireFileWhenPublishing() {
        CliRun run = CliRun.of("publish", "--dataset", "d", "--version", "1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'FILE'");
    }

    @Test
    void shouldRefuseMissingFileWhenPublishing() {
        CliRun run = CliRun.of("publish", dir.resolve("nope.jsonl").toString(), "--dataset", "d", "--version", "1",
                "--stack-file", noStack());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no such file", "nope.jsonl");
    }

    @Test
    void shouldRefuseUnknownFormatWhenPublishing() throws Exception {
        Path file = Files.writeString(dir.resolve("data.xml"), "<x/>");

        CliRun run = CliRun.of("publish", file.toString(), "--dataset", "d", "--version", "1", "--stack-file", noStack());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot tell the format", "--format jsonl");
    }

    @Test
    void shouldResolveRelativeFileAgainstCallersDirectoryWhenItIsMissing() {
        CliRun run = CliRun.in(dir, null, "score", "texts.txt", "--model", "spam-filter@champion", "--stack-file", noStack());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("no such file: " + dir.resolve("texts.txt"));
    }

    @Test
    void shouldAskForFormatWhenPublishingStandardInput() {
        CliRun run = CliRun.in(dir, "{}\n", "publish", "-", "--dataset", "d", "--version", "1", "--stack-file", noStack());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("cannot tell the format of standard input", "--format jsonl");
    }

    @Test
    void shouldRefuseUnknownOutputFormat() {
        CliRun run = CliRun.of("jobs", "--output", "yaml", "--stack-file", noStack());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--output", "yaml", "table, json");
    }

    @Test
    void shouldRefuseMalformedModelReferenceWhenScoring() throws Exception {
        Path file = Files.writeString(dir.resolve("texts.txt"), "hello\n");

        CliRun run = CliRun.of("score", file.toString(), "--model", "spam-filter", "--stack-file", noStack());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'spam-filter' is not a model reference", "NAME@alias");
    }

    @Test
    void shouldRequireVersionWhenPromoting() {
        CliRun run = CliRun.of("promote", "spam-filter");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--version=N'");
    }

    @Test
    void shouldRefuseNonNumericVersionWhenPromoting() {
        CliRun run = CliRun.of("promote", "spam-filter", "--version", "three");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--version", "three");
    }

    @Test
    void shouldRequireJobWhenWatchingOrEvaluating() {
        assertThat(CliRun.of("watch").exitCode()).isEqualTo(2);
        CliRun evaluate = CliRun.of("evaluate");
        assertThat(evaluate.exitCode()).isEqualTo(2);
        assertThat(evaluate.err()).contains("--job");
    }

    @ParameterizedTest
    @ValueSource(strings = {"datasets", "jobs", "models", "watch job-1", "rollback spam-filter",
            "promote spam-filter --version 1", "evaluate --job job-1", "train --dataset d@1 --method lora", "cancel job-1"})
    void shouldSayNoStackRunsWhenThereIsNoStackFile(String command) {
        CliRun run = CliRun.of(CliRun.with(command.split(" "), "--stack-file", noStack()));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: no stack running: start one with `tunestream up`");
    }

    @Test
    void shouldSayStackIsGoneWhenItsProcessHasExited() throws Exception {
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        gone.waitFor();
        Path file = dir.resolve("stack.json");
        new StackFile("127.0.0.1:1", Map.of(), "tunestream.", gone.pid(), List.of(), "2026-01-01T00:00:00Z", null).write(file);

        CliRun run = CliRun.of("models", "--stack-file", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("is not running any more", "pid " + gone.pid());
    }

    @Test
    void shouldSayServiceCannotBeReachedWhenNothingListens() {
        CliRun run = CliRun.of("models", "--registry-url", "http://127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach registry-service at http://127.0.0.1:1: is the stack running?");
    }

    @Test
    void shouldExitOneWhenDownFindsNoStack() {
        CliRun run = CliRun.of("down", "--stack-file", noStack());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no stack running");
    }

    @Test
    void shouldRemoveStaleStackFileWhenDownFindsItsProcessGone() throws Exception {
        Path file = dir.resolve("stack.json");
        new StackFile("127.0.0.1:1", Map.of(), "tunestream.", Long.MAX_VALUE - 1, List.of(), "2026-01-01T00:00:00Z", null).write(file);

        CliRun run = CliRun.of("down", "--stack-file", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("was not running");
        assertThat(file).doesNotExist();
    }

    @Test
    void shouldRenderProgressWithEtaWhenTotalIsKnown() {
        ProgressBar bar = new ProgressBar(new java.io.PrintWriter(new java.io.StringWriter()), false, "train");

        String line = bar.render(25, 100, "loss 0.5");

        assertThat(line).startsWith("train [########").contains(" 25% 25/100", "ETA", "loss 0.5");
    }

    @Test
    void shouldPrintFirstUpdateAtOnceAndThenAtMostEveryFewSecondsWhenNotATerminal() {
        // Given a log (not a terminal)
        java.io.StringWriter log = new java.io.StringWriter();
        ProgressBar bar = new ProgressBar(new java.io.PrintWriter(log), false, "train");
        // When three quick updates and the end
        bar.update(1, 80, "loss 0.69");
        bar.update(2, 80, "loss 0.60");
        bar.update(3, 80, "loss 0.52");
        bar.finish("SUCCEEDED");
        // Then the first update and the closing note are printed, the quick ones in between are not
        assertThat(log.toString().lines().toList()).hasSize(2)
                .satisfies(lines -> assertThat(lines.get(0)).contains("1/80", "loss 0.69"))
                .satisfies(lines -> assertThat(lines.get(1)).startsWith("train: SUCCEEDED"));
    }

    @Test
    void shouldRefuseAnUnknownCorpusOrFractionWhenAskedForASample() {
        // When
        CliRun corpus = CliRun.of("sample", "enron", dir.resolve("x.jsonl").toString());
        CliRun fraction = CliRun.of("sample", "spam-assassin", dir.resolve("x.jsonl").toString(), "--fraction", "0");

        // Then
        assertThat(corpus.exitCode()).as(corpus.toString()).isEqualTo(2);
        assertThat(corpus.err()).contains("unknown corpus 'enron'", "spam-assassin");
        assertThat(fraction.exitCode()).as(fraction.toString()).isEqualTo(2);
        assertThat(fraction.err()).contains("--fraction 0.0", "(0, 1]");
        assertThat(dir.resolve("x.jsonl")).doesNotExist();
    }

    @Test
    void shouldRefuseAHeapSizeTheJvmCouldNotTakeBeforeWritingTheBenchmarkData() {
        // When
        CliRun bench = CliRun.of("bench-data", "--records", "10", "--heap", "3q", "--work-dir",
                dir.resolve("bench").toString());

        // Then
        assertThat(bench.exitCode()).as(bench.toString()).isEqualTo(2);
        assertThat(bench.err()).contains("--heap", "e.g. 3g or 2304m: got 3q");
        assertThat(dir.resolve("bench")).doesNotExist();
    }
}
