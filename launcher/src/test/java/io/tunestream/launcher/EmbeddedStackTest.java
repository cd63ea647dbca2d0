package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tunestream.kafka.embedded.FreePort;
import io.tunestream.kafka.toolkit.TopicSpec;

@Timeout(240)
class EmbeddedStackTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @Test
    void shouldCreateTopicsAndLeaveNoProcessWhenBrokerRunsAsChildJvm(@TempDir Path logs) throws Exception {
        // Given
        StackSettings settings = StackSettings.defaults().withLogDirectory(logs);

        // When
        EmbeddedStack stack = EmbeddedStack.start(settings, out);
        List<Long> pids = stack.childPids();
        Map<String, String> policies;
        try (stack) {
            policies = cleanupPolicies(stack.adminConnection().clientProperties(), settings.topics().topics());
            assertThat(pids).hasSize(1).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }

        // Then
        assertThat(stack.createdTopics()).hasSize(settings.topics().topics().size());
        assertThat(policies).containsEntry("tunestream.training.jobs", "compact")
                .containsEntry("tunestream.models", "compact")
                .containsEntry("tunestream.datasets.raw", "delete")
                .containsEntry("tunestream.datasets.raw.dlq", "delete")
                .hasSize(settings.topics().topics().size());
        assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(ProcessHandle.current().descendants()).noneMatch(p -> pids.contains(p.pid()));
    }

    @Test
    void shouldWaitForServiceAndStopItsProcessTreeWhenClosed(@TempDir Path logs) {
        // Given
        int port = FreePort.pick();
        StackSettings settings = readyEndpointStack(port, logs);

        // When
        EmbeddedStack stack = EmbeddedStack.start(settings, out);
        ProcessHandle serviceProcess = ProcessHandle.of(stack.childPids().get(0)).orElseThrow();
        List<ProcessHandle> tree = serviceProcess.descendants().collect(Collectors.toList());
        tree.add(serviceProcess);
        String table = stack.table();
        stack.close();

        // Then
        assertThat(tree).hasSizeGreaterThanOrEqualTo(2);
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(table).contains("kafka", "ready-endpoint", "127.0.0.1:" + port, logs.toString());
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("starting ready-endpoint");
    }

    @Test
    void shouldTellHowEachServiceEndedAndItsLastLogLinesWhenAskedForDiagnostics(@TempDir Path logs) {
        // Given a stand-in service that is killed (SIGKILL) and restarted
        StackSettings settings = readyEndpointStack(FreePort.pick(), logs);
        try (EmbeddedStack stack = EmbeddedStack.start(settings, out)) {
            assertThat(stack.exitedServices(5)).isEmpty();
            stack.kill("ready-endpoint");
            assertThat(stack.exitedServices(5)).singleElement().asString()
                    .startsWith("--- ready-endpoint: exited with status 137");
            stack.restart("ready-endpoint", Duration.ofMinutes(1));
            assertThat(stack.exitedServices(5)).isEmpty();

            // When
            String diagnostics = stack.diagnostics(5);

            // Then the killed JVM's exit status (128 + SIGKILL) and log come first, then the running replacement's
            String[] sections = diagnostics.split("\n--- ");
            assertThat(sections).hasSize(3);
            assertThat(sections[1]).startsWith("ready-endpoint: exited with status 137").contains("grandchild ")
                    .contains(logs.resolve("ready-endpoint.log").toString());
            assertThat(sections[2]).startsWith("ready-endpoint: running").contains("-restarted-")
                    .contains("grandchild ");
            // and a JVM crash report would be written beside the logs (the launcher reports the option it picked up)
            assertThat(sections[1]).contains("-XX:ErrorFile=" + logs.resolve("ready-endpoint-hs_err_pid%p.log"));
        }
    }

    /** An in-process broker and one stand-in service JVM ({@link ReadyEndpointMain}) on {@code port}. */
    private static StackSettings readyEndpointStack(int port, Path logs) {
        ServiceSpec service = new ServiceSpec("ready-endpoint",
                List.of(ServiceSpec.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                        ReadyEndpointMain.class.getName(), String.valueOf(port)),
                Map.of(), URI.create("http://127.0.0.1:" + port + "/q/health/ready"));
        return StackSettings.defaults().withBrokerMode(BrokerMode.IN_PROCESS).withServices(List.of(service))
                .withLogDirectory(logs);
    }

    private static Map<String, String> cleanupPolicies(Map<String, Object> admin, List<TopicSpec> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
        try (Admin client = Admin.create(admin)) {
            return client.describeConfigs(resources).all().get(60, java.util.concurrent.TimeUnit.SECONDS)
                    .entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(),
                            e -> e.getValue().get("cleanup.policy").value()));
        }
    }
}
