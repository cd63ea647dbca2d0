package io.tunestream.launcher.cli;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tunestream promote NAME --version N}: points an alias (default champion) at a version. Needs the admin role. */
@Command(name = "promote",
        description = {"Point a model alias (default: champion) at a version.",
                "Needs the admin role: the stack file's token, or --token / $TUNESTREAM_TOKEN.",
                "An unblessed version is refused as champion unless --force."})
public final class PromoteCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model name.")
    String name;

    @Option(names = "--version", required = true, paramLabel = "N", description = "The version to promote.")
    int version;

    @Option(names = "--alias", defaultValue = "champion", paramLabel = "ALIAS", description = "Alias (default: ${DEFAULT-VALUE}).")
    String alias;

    @Option(names = "--force", description = "Promote even a version its evaluation did not bless.")
    boolean force;

    // no mixinStandardHelpOptions: its -V/--version would clash with the dataset/model --version
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    Connection connection;

    @Override
    int execute() throws Exception {
        ServiceClient registry = connection.client(Service.REGISTRY);
        ServiceClient.Answer answer = registry.postJson("/api/models/" + ModelsCommand.encode(name) + "/aliases/"
                + ModelsCommand.encode(alias), Map.of("version", version, "force", force));
        JsonNode outcome = registry.expectOk(answer);
        out().println(name + "@" + alias + " -> version " + outcome.path("version").asText(String.valueOf(version))
                + RegistryChange.previous(outcome));
        return 0;
    }
}
