package io.tunestream.launcher.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tunestream models [NAME]}: the registry's models, or one model's versions with metrics and lineage. */
@Command(name = "models", mixinStandardHelpOptions = true, subcommands = ModelsExportCommand.class,
        description = {"List registered models, or the versions of one model.",
                "models export NAME@alias --format merged|peft --out DIR downloads a causal LM version."})
public final class ModelsCommand extends CliCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A model name: list its versions.")
    String name;

    @Mixin
    Connection connection;

    @Mixin
    OutputFormat output;

    @Override
    int execute() throws Exception {
        ServiceClient registry = connection.client(Service.REGISTRY);
        if (name == null) {
            return listModels(registry.expectOk(registry.get("/api/models")));
        }
        return listVersions(registry.expectOk(registry.get("/api/models/" + encode(name) + "/versions")));
    }

    private int listModels(JsonNode models) {
        if (output.json()) {
            models.forEach(m -> OutputFormat.line(out(), m));
            return 0;
        }
        TextTable table = new TextTable("MODEL", "LATEST", "VERSIONS", "ALIASES");
        models.forEach(m -> {
            List<String> aliases = new ArrayList<>();
            m.path("aliases").fields().forEachRemaining(a -> aliases.add(a.getKey() + "=" + a.getValue().asText()));
            table.row(m.path("name").asText(), m.path("latestVersion").asInt(), m.path("versions").asInt(),
                    aliases.isEmpty() ? "-" : String.join(",", aliases));
        });
        out().print(table.isEmpty() ? "no models registered yet\n" : table.render());
        return 0;
    }

    private int listVersions(JsonNode versions) {
        if (output.json()) {
            versions.forEach(v -> OutputFormat.line(out(), v));
            return 0;
        }
        // a causal LM has no accuracy: its columns are perplexity and exact match
        boolean languageModels = versions.size() > 0 && versions.get(0).path("metrics").has("perplexity");
        // a regression model has no accuracy either: its columns are Spearman and RMSE
        boolean regression = !languageModels && versions.size() > 0 && versions.get(0).path("metrics").has("spearman");
        TextTable table = languageModels
                ? new TextTable("VERSION", "STATUS", "ALIASES", "BLESSED", "PERPLEXITY", "EXACT", "DATASET", "JOB", "CREATED")
                : regression
                ? new TextTable("VERSION", "STATUS", "ALIASES", "BLESSED", "SPEARMAN", "RMSE", "DATASET", "JOB", "CREATED")
                : new TextTable("VERSION", "STATUS", "ALIASES", "BLESSED", "ACCURACY", "F1", "DATASET", "JOB", "CREATED");
        versions.forEach(v -> {
            List<String> aliases = new ArrayList<>();
            v.path("aliases").forEach(a -> aliases.add(a.asText()));
            JsonNode lineage = v.path("lineage");
            table.row(v.path("version").asInt(), v.path("status").asText(), aliases.isEmpty() ? "-" : String.join(",", aliases),
                    v.path("blessed").asBoolean(), languageModels ? metric(v, "perplexity")
                            : regression ? metric(v, "spearman") : metric(v, "accuracy"),
                    languageModels ? metric(v, "exact_match", "token_accuracy")
                            : regression ? metric(v, "rmse", "mse") : metric(v, "f1_macro", "f1", "f1_weighted"),
                    lineage.isMissingNode() || lineage.isNull() ? "-"
                            : lineage.path("datasetId").asText() + "@" + lineage.path("datasetVersion").asText(),
                    lineage.path("jobId").asText("-"), v.path("createdAt").asText("-"));
        });
        out().print(table.isEmpty() ? "model " + name + " has no versions\n" : table.render());
        return 0;
    }

    private static String metric(JsonNode version, String... names) {
        for (String n : names) {
            JsonNode value = version.path("metrics").path(n);
            if (value.isNumber()) {
                return String.format(Locale.ROOT, "%.4f", value.asDouble());
            }
        }
        return "-";
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
