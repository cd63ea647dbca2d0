package io.tunestream.launcher;

import io.tunestream.events.DeploymentEvent;
import io.tunestream.events.Evaluation;
import io.tunestream.events.StageReport;
import io.tunestream.launcher.cli.StackFile;
import io.tunestream.schemas.KafkaConnection;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventCatalog;
import io.tunestream.schemas.serde.SerdeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline in registry mode against a live Apicurio, as a user runs it: {@code tunestream demo
 * --schema-registry --keep-running} publishes a SpamAssassin subset through ingest, clean, split and augment, trains a
 * few LoRA steps, evaluates and registers the model (champion: a deployment event); every service writes the
 * Confluent wire format. While the stack still runs, a consumer from another system (no tunestream class, only
 * Apicurio's deserializer and the registry URL) reads {@code deployments}, {@code evaluations} and
 * {@code datasets.reports}. Starts the whole stack: run it under the stack lock
 * ({@code flock /tmp/stack.lock ./mvnw ... -Dtest=RegistryModeEndToEndTest}), after {@code ./mvnw package -DskipTests}.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class RegistryModeEndToEndTest {

    @Test
    void shouldRunPipelineAndTrainingAndServeForeignConsumerWhenStackRunsInRegistryMode(@TempDir Path work) throws Exception {
        // Given the built services and an empty work directory
        Path workDir = work.resolve("stack");
        String[] args = {"demo", "--schema-registry", "--keep-running", "--in-process", "--project-dir", "..",
                "--work-dir", workDir.toString(), "--fraction", "0.08", "--steps", "20", "--eval-every", "10",
                "--batch-size", "16", "--max-length", "48", "--stage-timeout", "420"};
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new TeeStream(captured, original), true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> demo = new CompletableFuture<>();
        Thread runner = new Thread(() -> demo.complete(new CommandLine(new TunestreamCli()).execute(args)), "registry-demo");
        try {
            // When the demo runs in registry mode until the model is registered and the stack keeps running
            runner.start();
            Path stackFile = workDir.resolve("stack.json");
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> Files.exists(stackFile) || demo.isDone());
            String output = captured.toString(StandardCharsets.UTF_8);
            assertThat(demo.isDone()).as("the demo ended before keeping the stack running:\n" + output).isFalse();
            StackFile stack = StackFile.read(stackFile).orElseThrow();
            String registryUrl = System.getProperty(SerdeSettings.URL_PROPERTY);

            // Then the pipeline and a training ran through the registry
            assertThat(output).contains("schema registry: ", EventCatalog.EVENTS.size() + " schemas registered, BACKWARD compatibility")
                    .containsPattern("registered spam-filter version 1, aliases \\[.*champion.*]");
            assertThat(registryUrl).as("the demo's registry URL in this JVM").endsWith("/apis/registry/v2");
            // and a consumer with no tunestream class reads what the stack wrote, in the Confluent wire format
            Map<String, Object> client = new HashMap<>(new KafkaConnection(stack.bootstrapServers(), stack.kafkaSecurity())
                    .clientProperties());
            String deployments = Topics.name(Topics.DEFAULT_PREFIX, Topics.DEPLOYMENTS);
            String evaluations = Topics.name(Topics.DEFAULT_PREFIX, Topics.EVALUATIONS);
            String reports = Topics.name(Topics.DEFAULT_PREFIX, Topics.DATASETS_REPORTS);
            ForeignTopicReader.Result read = ForeignTopicReader.read(client, registryUrl, work, deployments, evaluations, reports);
            assertThat(read.exitCode()).as(read.output()).isZero();
            assertThat(read.lines()).as(read.output()).contains("tunestream classes: none");
            assertThat(read.records(deployments)).as(read.output()).isNotEmpty().allSatisfy(r -> {
                assertThat(r[1]).isEqualTo("0");
                assertThat(r[3]).isEqualTo(DeploymentEvent.class.getName());
                assertThat(r[4]).contains("\"modelName\": \"spam-filter\"");
            });
            assertThat(read.records(evaluations)).as(read.output()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r[3]).isEqualTo(Evaluation.class.getName()));
            List<String[]> stageReports = read.records(reports);
            assertThat(stageReports).as(read.output()).allSatisfy(r -> assertThat(r[3]).isEqualTo(StageReport.class.getName()));
            assertThat(stageReports).extracting(r -> r[4].replaceAll("^.*?\"stage\": \"([a-z]+)\".*$", "$1"))
                    .contains("ingest", "clean", "split", "augment");
        } finally {
            // Ctrl-C of the kept stack: the demo's wait ends, the stack and the registry stop
            runner.interrupt();
            runner.join(Duration.ofMinutes(2).toMillis());
            System.setOut(original);
        }
        assertThat(System.getProperty(SerdeSettings.MODE_PROPERTY)).as("registry mode ends with the demo").isNull();
        await().atMost(Duration.ofSeconds(60)).until(() -> ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive));
    }

    /** Writes to the capture and to the console, so a CI log shows the demo's progress. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
