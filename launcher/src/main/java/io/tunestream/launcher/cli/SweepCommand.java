package io.tunestream.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tunestream sweep FILE}: starts a hyper-parameter sweep from a JSON file (the body of trainer-service's
 * {@code POST /sweeps}: {@code base} job, {@code space}, {@code numTrials}, {@code scheduler}, {@code metric}), or
 * with {@code --status ID} shows one; {@code --wait} follows it to its end and prints every trial.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Start a hyper-parameter sweep (ASHA, median stopping or none) from a JSON file, or show one.",
                "The file is the body of POST /sweeps; see trainer-service/README.md."})
public final class SweepCommand extends CliCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Sweep request (JSON); - reads standard input.")
    Path file;

    @Option(names = "--status", paramLabel = "ID", description = "Show the sweep with this id instead of starting one.")
    String status;

    @Option(names = "--wait", description = "Follow the sweep until it ends.")
    boolean await;

    @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS", description = "How long --wait waits; still running then exits 1 (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin
    Connection connection;

    @Mixin
    OutputFormat output;

    @Override
    int execute() throws Exception {
        if ((file == null) == (status == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give either FILE or --status ID");
        }
        ServiceClient trainer = connection.client(Service.TRAINER);
        String id = status;
        if (file != null) {
            JsonNode request;
            try (InputStream in = UserFiles.open(UserFiles.resolve(file))) {
                request = ServiceClient.JSON.readTree(in);
            }
            id = trainer.expectOk(trainer.postJson("/sweeps", request))
                    .path("sweepId").asText();
            if (!output.json()) {
                out().println("sweep " + id + " started");
            }
        }
        JsonNode state = trainer.expectOk(trainer.get("/sweeps/" + id));
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        ProgressBar bar = progressBar("sweep " + id);
        while (await && state.path("status").asText().equals("RUNNING") && System.nanoTime() < deadline) {
            long ended = 0;
            for (JsonNode t : state.path("trials")) {
                String s = t.path("status").asText();
                ended += s.equals("COMPLETED") || s.equals("STOPPED") || s.equals("FAILED") ? 1 : 0;
            }
            bar.update(ended, 0, ended + " trials ended of " + state.path("trials").size() + " launched");
            Thread.sleep(2000); // polling REST: sweeps have no push channel to the CLI
            state = trainer.expectOk(trainer.get("/sweeps/" + id));
        }
        print(state);
        if (await && state.path("status").asText().equals("RUNNING")) {
            err().println("error: sweep " + id + " still running after --timeout " + timeoutSeconds + " s");
            return CliException.FAILURE;
        }
        return state.path("status").asText().equals("FAILED") ? CliException.FAILURE : 0;
    }

    private void print(JsonNode s) {
        if (output.json()) {
            OutputFormat.line(out(), s);
            return;
        }
        out().println("sweep " + s.path("sweepId").asText() + " " + s.path("status").asText() + " (metric "
                + s.path("metric").asText() + "): " + s.path("message").asText(""));
        TextTable table = new TextTable("TRIAL", "STATUS", "PARAMS", "RUNG", "RESOURCE", "METRIC");
        for (JsonNode t : s.path("trials")) {
            table.row(t.path("trialId").asText() + (t.path("trialId").asText().equals(s.path("bestTrialId").asText())
                    ? " *" : ""), t.path("status").asText(), t.path("params").toString(), t.path("rung").asText(),
                    t.path("lastResource").asText(), t.path("finalMetric").isNull() ? "-"
                            : String.format(Locale.ROOT, "%.4f", t.path("finalMetric").asDouble()));
        }
        out().print(table.render());
    }
}
