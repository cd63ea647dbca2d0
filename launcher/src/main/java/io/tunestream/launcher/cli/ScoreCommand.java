package io.tunestream.launcher.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tunestream score FILE --model NAME@alias}: scores texts with a registered model through evaluator-service,
 * in batches, and prints one JSON result per line (or a table).
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score texts with a registered model (NAME@alias or NAME@version).",
                "FILE is JSON Lines ({\"id\":..,\"text\":..}) or plain text, one text per line; - reads stdin."})
public final class ScoreCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "Texts to score (.jsonl, or one text per line); - reads standard input.")
    Path file;

    @Option(names = "--model", required = true, paramLabel = "NAME@ALIAS", converter = ModelRefConverter.class,
            description = "The model: NAME@alias (e.g. spam-filter@champion) or NAME@version (e.g. spam-filter@3).")
    ModelRef model;

    @Option(names = "--text-field", defaultValue = "text", paramLabel = "NAME", description = "JSONL text field (default: ${DEFAULT-VALUE}).")
    String textField;

    @Option(names = "--id-field", defaultValue = "id", paramLabel = "NAME", description = "JSONL id field (default: ${DEFAULT-VALUE}).")
    String idField;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Texts per request (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--table", description = "Print a table instead of JSON Lines.")
    boolean table;

    @Mixin
    Connection connection;

    /** A model reference: a name and an alias or version number. */
    record ModelRef(String name, String aliasOrVersion) {
    }

    /** Parses {@code NAME@alias} / {@code NAME@3}; anything else is a usage error. */
    static final class ModelRefConverter implements CommandLine.ITypeConverter<ModelRef> {
        private static final Pattern REF = Pattern.compile("([A-Za-z0-9._-]+)@([A-Za-z0-9._-]+)");

        @Override
        public ModelRef convert(String value) {
            var m = REF.matcher(value);
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a model reference: use NAME@alias (e.g. spam-filter@champion) or NAME@version");
            }
            return new ModelRef(m.group(1), m.group(2));
        }
    }

    @Override
    int execute() throws Exception {
        file = UserFiles.resolve(file);
        InputStream input = UserFiles.open(file);
        ServiceClient evaluator = connection.client(Service.EVALUATOR);
        TextTable results = new TextTable("ID", "LABEL", "SCORE", "TEXT");
        Map<String, String> texts = new LinkedHashMap<>();
        long lines = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                if (!line.isBlank()) {
                    item(line, lines, texts);
                }
                if (texts.size() >= batchSize) {
                    score(evaluator, texts, results);
                }
            }
        }
        if (!texts.isEmpty()) {
            score(evaluator, texts, results);
        }
        if (table) {
            out().print(results.render());
        }
        return 0;
    }

    private void item(String line, long number, Map<String, String> texts) {
        if (line.stripLeading().startsWith("{")) {
            JsonNode json = new ServiceClient.Answer(200, "", line).json();
            if (!json.path(textField).isTextual()) {
                throw new CliException(file + " line " + number + ": no text field '" + textField + "'");
            }
            texts.put(json.hasNonNull(idField) ? json.get(idField).asText() : String.valueOf(number),
                    json.get(textField).asText());
        } else {
            texts.put(String.valueOf(number), line);
        }
    }

    private void score(ServiceClient evaluator, Map<String, String> texts, TextTable results) throws InterruptedException {
        List<Map<String, String>> items = new ArrayList<>();
        texts.forEach((id, text) -> items.add(Map.of("id", id, "text", text)));
        Map<String, Object> body = Map.of("model", model.name(), "aliasOrVersion", model.aliasOrVersion(), "items", items);
        JsonNode answer = evaluator.expectOk(evaluator.postJson("/api/score", body));
        for (JsonNode r : answer.path("results")) {
            if (table) {
                String text = texts.getOrDefault(r.path("id").asText(), "");
                results.row(r.path("id").asText(), r.path("label").asText(),
                        String.format(Locale.ROOT, "%.4f", r.path("score").asDouble()),
                        text.length() > 60 ? text.substring(0, 57) + "..." : text);
            } else {
                out().println(ServiceClient.toJson(r));
            }
        }
        out().flush();
        texts.clear();
    }
}
