package io.tunestream.launcher.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tunestream models [NAME]}: the registry's models, or one model's versions with metrics and lineage;
 * {@code tunestream models --base}: the base models the trainer can fine-tune (bundled and under its model roots).
 */
@Command(name = "models", mixinStandardHelpOptions = true, subcommands = ModelsExportCommand.class,
        description = {"List registered models, or the versions of one model.",
                "models --base lists the base models a training request may name, and what a directory needs.",
                "models export NAME@alias --format merged|peft --out DIR downloads a causal LM version."})
public final class ModelsCommand extends CliCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A model name: list its versions.")
    String name;

    @Option(names = "--base", description = "List the base models the trainer can fine-tune: bundled ones "
            + "(name, language, pooling, size) and directories under its model roots.")
    boolean base;

    @Mixin
    Connection connection;

    @Mixin
    OutputFormat output;

    @Override
    int execute() throws Exception {
        if (base) {
            if (name != null) {
                throw new CliException("models --base takes no model name (got " + name + ")", CliException.USAGE);
            }
            ServiceClient trainer = connection.client(Service.TRAINER);
            return listBaseModels(trainer.expectOk(trainer.get("/base-models")));
        }
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

    private int listBaseModels(JsonNode listing) {
        if (output.json()) {
            listing.path("models").forEach(m -> OutputFormat.line(out(), m));
            return 0;
        }
        TextTable table = new TextTable("BASE MODEL", "KIND", "TYPE", "LANGUAGE", "POOLING", "SIZE", "SOURCE");
        listing.path("models").forEach(m -> table.row(m.path("reference").asText(), m.path("kind").asText(),
                m.path("modelType").asText("-"), m.path("language").asText("-"),
                m.path("pooling").isNull() ? "-" : m.path("pooling").asText() + (m.path("normalized").asBoolean()
                        ? " (normalized)" : ""),
                String.format(Locale.ROOT, "%.1f MB", m.path("sizeBytes").asLong() / 1e6),
                m.path("problem").isNull() || m.path("problem").isMissingNode() ? m.path("source").asText()
                        : "unusable: " + m.path("problem").asText()));
        StringBuilder text = new StringBuilder(table.render());
        List<String> roots = new ArrayList<>();
        listing.path("roots").forEach(r -> roots.add(r.asText()));
        text.append("\nmodel roots: ").append(roots.isEmpty() ? "none (set TUNESTREAM_MODELS_ROOTS on the trainer)"
                : String.join(", ", roots)).append('\n');
        text.append("a Hugging Face directory under a model root must contain:\n");
        listing.path("directoryMustContain").forEach(r -> text.append("  - ").append(r.asText()).append('\n'));
        out().print(text);
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
