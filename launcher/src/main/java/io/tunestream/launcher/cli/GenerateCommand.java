package io.tunestream.launcher.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tunestream generate --model NAME@alias [FILE|-]}: continues prompts with a registered causal language
 * model through evaluator-service ({@code POST /api/generate}), in batches, printing one completion per line (line
 * breaks inside a completion written as {@code \n}), or with {@code -o json} one JSON object per line
 * ({@code prompt}, {@code text}, {@code tokens}, {@code stoppedAtEos}).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate text with a registered causal language model (NAME@alias or NAME@version).",
                "Input: one prompt per line; a line that is a JSON object gives its \"prompt\" field (JSON Lines).",
                "Blank lines are skipped. FILE - or no FILE reads standard input.",
                "Output: one completion per line (line breaks as \\n), or -o json: JSON Lines with prompt and text."})
public final class GenerateCommand extends CliCommand {

    /** Most prompts per request (the evaluator's bound). */
    static final int MAX_BATCH = 64;

    @Parameters(index = "0", arity = "0..1", defaultValue = "-", paramLabel = "FILE",
            description = "Prompts, one per line or JSON Lines with a \"prompt\" field; - (default) reads standard input.")
    Path file;

    @Option(names = "--model", required = true, paramLabel = "NAME@ALIAS", converter = ScoreCommand.ModelRefConverter.class,
            description = "The model: NAME@alias (e.g. poet@champion) or NAME@version (e.g. poet@3).")
    ScoreCommand.ModelRef model;

    @Option(names = "--max-new-tokens", paramLabel = "N", description = "New tokens per prompt, 1..512 (service default 64).")
    Integer maxNewTokens;

    @Option(names = "--temperature", paramLabel = "T", description = "0 for greedy decoding (default), else the sampling temperature.")
    Double temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "Sample from the K most likely tokens (0: no cut).")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "Nucleus sampling cut in (0, 1] (1: no cut).")
    Double topP;

    @Option(names = "--seed", paramLabel = "S", description = "Sampling seed: the same seed gives the same text.")
    Long seed;

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N",
            description = "Prompts per request, 1.." + MAX_BATCH + " (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    OutputFormat output;

    @Mixin
    Connection connection;

    @Override
    int execute() throws Exception {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new CliException("--batch-size must be in 1.." + MAX_BATCH + ", got " + batchSize, CliException.USAGE);
        }
        file = UserFiles.resolve(file);
        InputStream input = UserFiles.open(file);
        String source = UserFiles.isStdin(file) ? "standard input" : file.toString();
        ServiceClient evaluator = null;
        List<String> prompts = new ArrayList<>();
        long lines = 0;
        long generated = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                if (!line.isBlank()) {
                    prompts.add(prompt(line, source, lines));
                }
                if (prompts.size() >= batchSize) {
                    evaluator = evaluator == null ? connection.client(Service.EVALUATOR) : evaluator;
                    generated += generate(evaluator, prompts);
                }
            }
        }
        if (!prompts.isEmpty()) {
            evaluator = evaluator == null ? connection.client(Service.EVALUATOR) : evaluator;
            generated += generate(evaluator, prompts);
        }
        if (generated == 0) {
            throw new CliException(source + " holds no prompt");
        }
        return 0;
    }

    /** A line's prompt: the line itself, or the {@code prompt} field of a JSON object. */
    static String prompt(String line, String source, long number) {
        if (!line.stripLeading().startsWith("{")) {
            return line;
        }
        JsonNode json;
        try {
            json = ServiceClient.JSON.readTree(line);
        } catch (Exception e) {
            throw new CliException(source + " line " + number + ": not valid JSON (" + e.getMessage().lines()
                    .findFirst().orElse("") + ")");
        }
        if (!json.path("prompt").isTextual()) {
            throw new CliException(source + " line " + number + ": a JSON line needs a string \"prompt\" field");
        }
        return json.get("prompt").asText();
    }

    private int generate(ServiceClient evaluator, List<String> prompts) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model.name());
        body.put("aliasOrVersion", model.aliasOrVersion());
        body.put("prompts", List.copyOf(prompts));
        putIfSet(body, "maxNewTokens", maxNewTokens);
        putIfSet(body, "temperature", temperature);
        putIfSet(body, "topK", topK);
        putIfSet(body, "topP", topP);
        putIfSet(body, "seed", seed);
        JsonNode answer = evaluator.expectOk(evaluator.postJson("/api/generate", body));
        int count = 0;
        for (JsonNode g : answer.path("generations")) {
            if (output.json()) {
                ObjectNode line = OutputFormat.object();
                line.put("prompt", g.path("prompt").asText());
                line.put("text", g.path("text").asText());
                line.put("tokens", g.path("tokens").asInt());
                line.put("stoppedAtEos", g.path("stoppedAtEos").asBoolean());
                line.put("model", answer.path("model").asText());
                line.put("version", answer.path("version").asInt());
                OutputFormat.line(out(), line);
            } else {
                out().println(g.path("text").asText().replace("\r", "").replace("\n", "\\n"));
            }
            count++;
        }
        out().flush();
        prompts.clear();
        return count;
    }

    private static void putIfSet(Map<String, Object> body, String field, Object value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
