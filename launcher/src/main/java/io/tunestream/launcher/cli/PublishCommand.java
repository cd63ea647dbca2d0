package io.tunestream.launcher.cli;

import java.io.FileNotFoundException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tunestream publish FILE}: streams a JSON Lines or CSV file to ingest-service as one dataset version (never
 * held whole in memory) and prints what ingest accepted, rejected and counted per label.
 */
@Command(name = "publish", sortOptions = false,
        description = {"Publish a JSON Lines or CSV file as a dataset version.",
                "The file is streamed to ingest-service; the data stages (clean, split, augment) take it from there.",
                "Publishing the same dataset version twice is refused (409)."})
public final class PublishCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The dataset file (.jsonl/.ndjson/.json or .csv); - reads standard input (with --format).")
    Path file;

    @Option(names = "--dataset", required = true, paramLabel = "ID", description = "Dataset id, e.g. spam-assassin.")
    String datasetId;

    @Option(names = "--version", required = true, paramLabel = "V", description = "Dataset version, e.g. 1 or 2026-01-31.")
    String version;

    @Option(names = "--text-field", paramLabel = "NAME", description = "Field holding the text (default: text).")
    String textField;

    @Option(names = "--label-field", paramLabel = "NAME", description = "Field holding the label (default: label).")
    String labelField;

    @Option(names = "--score-field", paramLabel = "NAME", description = "Numeric target field, for regression.")
    String scoreField;

    @Option(names = "--group-field", paramLabel = "NAME", description = "Group key: records sharing it stay in one split.")
    String groupField;

    @Option(names = "--id-field", paramLabel = "NAME", description = "Field holding a record id.")
    String idField;

    @Option(names = "--task", paramLabel = "TASK", description = "classification (default) | regression | causal_lm. "
            + "causal_lm records have a text, or a prompt and a completion, and need no label.")
    String task;

    @Option(names = "--prompt-field", paramLabel = "NAME", description = "Field holding a causal-LM prompt (default: prompt).")
    String promptField;

    @Option(names = "--completion-field", paramLabel = "NAME",
            description = "Field holding a causal-LM completion (default: completion).")
    String completionField;

    @Option(names = "--format", paramLabel = "jsonl|csv", description = "File format (default: from the extension).")
    String format;

    @Option(names = "--on-invalid", paramLabel = "fail|skip", description = "Refuse the whole upload on a bad record "
            + "(fail) or skip bad records (skip); default: the service's policy.")
    String onInvalid;

    @Option(names = "--balance", paramLabel = "POLICY", description = "none | undersample | oversample | class-weights.")
    String balance;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the split and augmentation.")
    Long seed;

    @Option(names = "--recipe", paramLabel = "NAME[@VERSION]", description = "Training recipe: once the dataset is "
            + "prepared, trainer-service trains it under this recipe (see `tunestream recipes`).")
    String recipe;

    @Option(names = "--poison-policy", paramLabel = "reject-version|dead-letter", description = "What clean, split and "
            + "augment do when a batch of this dataset is dead-lettered: reject the whole version (reject-version, the "
            + "default) or leave the bad records in the DLQ and go on (dead-letter).")
    String poisonPolicy;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "Any other per-dataset setting (repeatable).")
    Map<String, String> config = new LinkedHashMap<>();

    // no mixinStandardHelpOptions: its -V/--version would clash with the dataset/model --version
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    Connection connection;

    @Override
    int execute() throws Exception {
        file = UserFiles.resolve(file);
        boolean stdin = UserFiles.isStdin(file);
        if (!stdin) {
            UserFiles.requireFile(file);
        }
        String contentType = contentType();
        ServiceClient ingest = connection.client(Service.INGEST);
        long size = stdin ? 0 : Files.size(file);
        ProgressBar bar = progressBar("upload " + (stdin ? "standard input" : file.getFileName()));
        HttpRequest request = ingest.request("/datasets/" + datasetId + "/versions/" + version + query())
                .header("Content-Type", contentType)
                .timeout(Duration.ofMinutes(30))
                .POST(new CountingBodyPublisher(ofFile(), sent -> bar.update(sent, size, "bytes")))
                .build();
        ServiceClient.Answer answer = ingest.send(request);
        if (!answer.ok()) {
            bar.finish("refused");
            CliException failure = ingest.failure(answer);
            if (failure.getMessage().contains("[line ") && !"skip".equals(onInvalid)) {
                // one bad record refused the whole file: say how to publish the rest
                throw new CliException(failure.getMessage() + System.lineSeparator()
                        + "hint: --on-invalid skip publishes the valid records and counts the skipped ones by reason",
                        failure.exitCode());
            }
            throw failure;
        }
        bar.finish("done");
        print(answer.json());
        return 0;
    }

    private HttpRequest.BodyPublisher ofFile() throws FileNotFoundException {
        // standard input is streamed as it comes (chunked), like a file
        return UserFiles.isStdin(file) ? HttpRequest.BodyPublishers.ofInputStream(() -> System.in)
                : HttpRequest.BodyPublishers.ofFile(file);
    }

    private void print(JsonNode result) {
        out().printf("published %s@%s: %d records accepted%n", datasetId, version, result.path("accepted").asLong());
        result.path("rejected").fields().forEachRemaining(e ->
                out().printf("  rejected %-20s %d%n", e.getKey(), e.getValue().asLong()));
        result.path("labels").fields().forEachRemaining(e ->
                out().printf("  label    %-20s %d%n", e.getKey(), e.getValue().asLong()));
        out().println("follow the data stages with `tunestream datasets --dataset " + datasetId + "`");
    }

    private String contentType() {
        String kind = format != null ? format.toLowerCase(Locale.ROOT) : extension();
        return switch (kind) {
            case "jsonl", "ndjson", "json" -> "application/x-ndjson";
            case "csv" -> "text/csv";
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "cannot tell the format of "
                    + (UserFiles.isStdin(file) ? "standard input" : file + " ('" + kind + "')")
                    + ": pass --format jsonl or --format csv");
        };
    }

    private String extension() {
        if (UserFiles.isStdin(file)) {
            return "";
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The upload's query string, every option the person gave as ingest's query parameter. */
    String query() {
        Map<String, String> params = new LinkedHashMap<>();
        put(params, "task", task);
        put(params, "textField", textField);
        put(params, "labelField", labelField);
        put(params, "scoreField", scoreField);
        put(params, "groupField", groupField);
        put(params, "idField", idField);
        put(params, "promptField", promptField);
        put(params, "completionField", completionField);
        put(params, "onInvalid", onInvalid);
        put(params, "balance", balance);
        put(params, "seed", seed == null ? null : seed.toString());
        put(params, "recipe", recipe);
        config.forEach((k, v) -> params.put("config." + k, v));
        put(params, "config.poison-policy", poisonPolicy);
        String joined = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return joined.isEmpty() ? "" : "?" + joined;
    }

    private static void put(Map<String, String> params, String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
    }
}
