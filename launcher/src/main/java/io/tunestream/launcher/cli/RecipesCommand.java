package io.tunestream.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tunestream recipes create|list|show|delete}: training recipes, stored by trainer-service. A dataset that
 * names a recipe at publish time ({@code publish --recipe NAME}, or {@code recipe} in the seal's config on the
 * ingest topic) is trained, evaluated and promoted by it with no other call.
 */
@Command(name = "recipes", mixinStandardHelpOptions = true,
        description = {"Manage training recipes: what a published dataset that names one is trained with, and what "
                + "happens to the model (promotion none | challenger | champion).",
                "See trainer-service/README.md (Recipes) for the fields."},
        subcommands = {RecipesCommand.Create.class, RecipesCommand.ListRecipes.class, RecipesCommand.Show.class,
                RecipesCommand.Delete.class})
public final class RecipesCommand extends CliCommand {

    @Override
    int execute() {
        spec.commandLine().usage(out());
        return 0;
    }

    /** {@code recipes create FILE}: a new recipe, or the next version of one, from a JSON file. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a recipe (or the next version of an existing name) from a JSON file.",
                    "The file is the body of POST /recipes: name, modelName, baseModel, task, method, hyperParameters, "
                            + "seed, promotion, blessing, followDatasetId, sweep, description."})
    static final class Create extends CliCommand {

        @Parameters(index = "0", paramLabel = "FILE", description = "Recipe (JSON); - reads standard input.")
        Path file;

        @Mixin
        Connection connection;

        @Mixin
        OutputFormat output;

        @Override
        int execute() throws Exception {
            JsonNode body;
            try (InputStream in = UserFiles.open(UserFiles.resolve(file))) {
                body = ServiceClient.JSON.readTree(in);
            }
            ServiceClient trainer = connection.client(Service.TRAINER);
            JsonNode recipe = trainer.expectOk(trainer.postJson("/recipes", body));
            if (output.json()) {
                OutputFormat.line(out(), recipe);
            } else {
                out().println("recipe " + recipe.path("name").asText() + " version " + recipe.path("version").asInt()
                        + " created (promotion " + recipe.path("promotion").asText() + ")");
            }
            return 0;
        }
    }

    /** {@code recipes list}: the latest version of every recipe. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the latest version of every recipe.")
    static final class ListRecipes extends CliCommand {

        @Mixin
        Connection connection;

        @Mixin
        OutputFormat output;

        @Override
        int execute() throws Exception {
            ServiceClient trainer = connection.client(Service.TRAINER);
            JsonNode recipes = trainer.expectOk(trainer.get("/recipes"));
            if (output.json()) {
                recipes.forEach(r -> OutputFormat.line(out(), r));
                return 0;
            }
            if (recipes.isEmpty()) {
                out().println("no recipes yet (create one with `tunestream recipes create FILE`)");
                return 0;
            }
            TextTable table = new TextTable("RECIPE", "VERSION", "MODEL", "METHOD", "STEPS", "PROMOTION", "FOLLOWS");
            recipes.forEach(r -> table.row(r.path("name").asText(), r.path("version").asText(),
                    r.path("modelName").asText(), r.path("method").path("type").asText()
                            + (r.path("sweep").isNull() ? "" : " (sweep)"),
                    r.path("hyperParameters").path("maxSteps").isNull() ? "-"
                            : r.path("hyperParameters").path("maxSteps").asText(),
                    r.path("promotion").asText(), r.path("followDatasetId").isNull() ? "-"
                            : r.path("followDatasetId").asText()));
            out().print(table.render());
            return 0;
        }
    }

    /** {@code recipes show NAME}: one recipe, every field, with its versions. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a recipe (latest version, or NAME@VERSION) with every field.")
    static final class Show extends CliCommand {

        @Parameters(index = "0", paramLabel = "NAME[@VERSION]", description = "Recipe name, optionally @version.")
        String name;

        @Mixin
        Connection connection;

        @Mixin
        OutputFormat output;

        @Override
        int execute() throws Exception {
            ServiceClient trainer = connection.client(Service.TRAINER);
            int at = name.lastIndexOf('@');
            String path = at < 0 ? "/recipes/" + name
                    : "/recipes/" + name.substring(0, at) + "/versions/" + name.substring(at + 1);
            JsonNode recipe = trainer.expectOk(trainer.get(path));
            if (output.json()) {
                OutputFormat.line(out(), recipe);
            } else {
                out().println(recipe.toPrettyString());
            }
            return 0;
        }
    }

    /** {@code recipes delete NAME}: retires the name; datasets naming it get a report and train nothing. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a recipe: datasets naming it afterwards get a report and train nothing.")
    static final class Delete extends CliCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "Recipe name.")
        String name;

        @Mixin
        Connection connection;

        @Mixin
        OutputFormat output;

        @Override
        int execute() throws Exception {
            ServiceClient trainer = connection.client(Service.TRAINER);
            JsonNode marker = trainer.expectOk(trainer.delete("/recipes/" + name));
            if (output.json()) {
                OutputFormat.line(out(), marker);
            } else {
                out().println("recipe " + name + " deleted (marker version " + marker.path("version").asInt() + ")");
            }
            return 0;
        }
    }
}
