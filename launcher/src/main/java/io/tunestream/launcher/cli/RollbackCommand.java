package io.tunestream.launcher.cli;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tunestream rollback NAME}: moves an alias (default champion) back to the version it pointed at before. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Move a model alias (default: champion) back to its previous version.",
                "Needs the admin role: the stack file's token, or --token / $TUNESTREAM_TOKEN."})
public final class RollbackCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model name.")
    String name;

    @Option(names = "--alias", defaultValue = "champion", paramLabel = "ALIAS", description = "Alias (default: ${DEFAULT-VALUE}).")
    String alias;

    @Mixin
    Connection connection;

    @Override
    int execute() throws Exception {
        ServiceClient registry = connection.client(Service.REGISTRY);
        ServiceClient.Answer answer = registry.postJson("/api/models/" + ModelsCommand.encode(name) + "/aliases/"
                + ModelsCommand.encode(alias) + "/rollback", Map.of());
        JsonNode outcome = registry.expectOk(answer);
        out().println(name + "@" + alias + " rolled back to version " + outcome.path("version").asText("?")
                + RegistryChange.previous(outcome));
        return 0;
    }
}
