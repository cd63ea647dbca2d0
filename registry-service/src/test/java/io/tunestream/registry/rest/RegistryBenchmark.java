package io.tunestream.registry.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunestream.events.Evaluation;
import io.tunestream.registry.streams.RegistryTopics;
import io.tunestream.registry.support.Evaluations;
import io.tunestream.schemas.serde.AvroSerdes;
import io.tunestream.testsupport.ApiTokens;
import io.tunestream.testsupport.KafkaBrokerResource;
import io.tunestream.testsupport.KafkaTestSupport;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tunestream.security.Roles.READER;
import static io.tunestream.testsupport.ApiTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Registers 10,000 versions (100 models x 100) through the evaluations topic, then reads every one back through
 * REST with 16 concurrent clients, printing registration throughput, p50/p99 latency and requests/s. Run:
 * {@code ./mvnw -pl registry-service test -Dtest=RegistryBenchmark -DexcludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@Tag("slow")
@Timeout(900)
class RegistryBenchmark {

    static final int MODELS = 100;
    static final int VERSIONS = 100;
    static final int CLIENTS = 16;

    @Inject
    RegistryTopics topics;

    @TestHTTPResource("/")
    URL base;

    @Test
    void shouldRegisterTenThousandVersionsAndServeThemToSixteenClients() throws Exception {
        // Given / When: 10,000 evaluations published
        long start = System.nanoTime();
        try (KafkaProducer<String, Evaluation> producer = KafkaTestSupport.producer(
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                AvroSerdes.serde(Evaluation.class).serializer())) {
            for (int v = 1; v <= VERSIONS; v++) {
                for (int m = 0; m < MODELS; m++) {
                    Evaluation e = Evaluations.blessed("bench-" + m + "-" + v, "bench-" + m);
                    producer.send(new ProducerRecord<>(topics.evaluations(), e.getEvaluationId(), e));
                }
            }
            producer.flush();
        }
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).until(this::allRegistered);
        double registerSeconds = (System.nanoTime() - start) / 1e9;

        // Then: every version read back by 16 clients
        long readStart = System.nanoTime();
        long[] latencies = readAll();
        double readSeconds = (System.nanoTime() - readStart) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("registry benchmark: registered %d versions in %.1f s (%.0f versions/s, evaluation -> visible in REST)%n",
                MODELS * VERSIONS, registerSeconds, MODELS * VERSIONS / registerSeconds);
        System.out.printf("registry benchmark: %d GET /api/models/{name}/versions/{v} with %d clients: p50 %.2f ms, p99 %.2f ms, %.0f requests/s%n",
                latencies.length, CLIENTS, latencies[latencies.length / 2] / 1e6,
                latencies[(int) (latencies.length * 0.99)] / 1e6, latencies.length / readSeconds);
        assertThat(latencies).hasSize(MODELS * VERSIONS);
    }

    private boolean allRegistered() {
        List<Integer> latest = as(READER).get("/api/models").then().extract().jsonPath().getList("findAll { it.name.startsWith('bench-') }.latestVersion", Integer.class);
        return latest.size() == MODELS && latest.stream().allMatch(v -> v == VERSIONS);
    }

    private long[] readAll() throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            results.add(clients.submit(() -> {
                List<Long> mine = new ArrayList<>();
                for (int i = next.getAndIncrement(); i < MODELS * VERSIONS; i = next.getAndIncrement()) {
                    String path = "api/models/bench-" + (i % MODELS) + "/versions/" + (i / MODELS + 1);
                    long t0 = System.nanoTime();
                    var response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                            .header("Authorization", "Bearer " + ApiTokens.token(READER)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    mine.add(System.nanoTime() - t0);
                    if (response.statusCode() != 200 || !response.body().contains("\"bench-" + (i % MODELS) + "\"")) {
                        throw new AssertionError(path + " answered " + response.statusCode());
                    }
                }
                return mine;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            all.addAll(result.get());
        }
        clients.shutdown();
        return all.stream().mapToLong(Long::longValue).toArray();
    }
}
