package io.tunestream.launcher.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tunestream evaluate --job JOB}: asks evaluator-service to (re-)evaluate a job's final checkpoint, waits for
 * the result, and prints its metrics, the blessing with its reasons, and the HTML report's location.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a finished training job's final checkpoint and print metrics, blessing and report.")
public final class EvaluateCommand extends CliCommand {

    @Option(names = "--job", required = true, paramLabel = "JOB", description = "The training job id.")
    String jobId;

    @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "How long to wait for the result (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin
    Connection connection;

    @Mixin
    OutputFormat output;

    @Override
    int execute() throws Exception {
        ServiceClient evaluator = connection.client(Service.EVALUATOR);
        String id = evaluator.expectOk(evaluator.postJson("/api/evaluations", Map.of("jobId", jobId)))
                .path("evaluationId").asText();
        ProgressBar bar = progressBar("evaluate " + jobId);
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        long polls = 0;
        while (System.nanoTime() < deadline) {
            ServiceClient.Answer answer = evaluator.get("/api/evaluations/" + id);
            String state = answer.ok() ? answer.json().path("state").asText() : "PENDING";
            if (state.equals("DONE")) {
                bar.finish("done");
                print(answer.json());
                return 0;
            }
            if (state.equals("FAILED")) {
                throw new CliException("evaluation " + id + " of job " + jobId + " failed: "
                        + answer.json().path("error").asText());
            }
            if (!answer.ok() && answer.status() != 404) {
                throw evaluator.failure(answer);
            }
            bar.update(++polls, 0, "waiting for evaluation " + id);
            Thread.sleep(1000); // polling a REST resource: the result has no push channel here
        }
        throw new CliException("evaluation " + id + " of job " + jobId + " not ready after " + timeoutSeconds + "s");
    }

    private void print(JsonNode e) {
        if (output.json()) {
            OutputFormat.line(out(), e);
            return;
        }
        out().println("evaluation " + e.path("evaluationId").asText() + " of job " + e.path("jobId").asText()
                + " (model " + e.path("modelName").asText() + ")");
        TextTable metrics = new TextTable("METRIC", "VALUE");
        e.path("metrics").fields().forEachRemaining(m -> metrics.row(m.getKey(),
                m.getValue().isNumber() ? String.format(Locale.ROOT, "%.4f", m.getValue().asDouble())
                        : m.getValue().toString()));
        out().print(metrics.render());
        out().println("blessed: " + e.path("blessed").asBoolean());
        e.path("reasons").forEach(r -> out().println("  - " + r.asText()));
        if (e.hasNonNull("reportUri")) {
            out().println("report: " + e.path("reportUri").asText());
        }
    }
}
