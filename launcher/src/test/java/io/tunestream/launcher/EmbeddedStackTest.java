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
import io.tunestream.kafka.embedded.TopicSpec;

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
            policies = cleanupPolicies(stack.bootstrapServers(), settings.topics().topics());
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
        ServiceSpec service = new ServiceSpec("ready-endpoint",
                List.of(ServiceSpec.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                        ReadyEndpointMain.class.getName(), String.valueOf(port)),
                Map.of(), URI.create("http://127.0.0.1:" + port + "/q/health/ready"));
        StackSettings settings = StackSettings.defaults().withBrokerMode(BrokerMode.IN_PROCESS)
                .withServices(List.of(service)).withLogDirectory(logs);

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

    private static Map<String, String> cleanupPolicies(String bootstrap, List<TopicSpec> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeConfigs(resources).all().get(60, java.util.concurrent.TimeUnit.SECONDS)
                    .entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(),
                            e -> e.getValue().get("cleanup.policy").value()));
        }
    }
}
