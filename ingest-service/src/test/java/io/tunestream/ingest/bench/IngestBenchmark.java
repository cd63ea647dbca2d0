package io.tunestream.ingest.bench;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.ingest.messaging.DatasetEventFactory;
import io.tunestream.ingest.messaging.KafkaClients;
import io.tunestream.kafka.embedded.EmbeddedKafkaBroker;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.testsupport.ApiTokens;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest throughput: N short records uploaded over REST to the real service (started from
 * {@code target/quarkus-app/quarkus-run.jar} as a child JVM) against the same N records pushed by a plain
 * idempotent KafkaProducer with the same serializer and batching settings, on the same embedded broker.
 * Run: {@code ./mvnw -pl ingest-service -am install -DskipTests && ./mvnw -pl ingest-service -Pbench exec:java}
 * ({@code -Dbench.records=1000000}, {@code -Dbench.heap=256m}).
 */
public final class IngestBenchmark {

    private static final int BATCH = 2000;

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long count = Long.getLong("bench.records", 1_000_000);
        BenchmarkRecords records = BenchmarkRecords.load();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             ServiceProcess service = ServiceProcess.start(Path.of("target/quarkus-app/quarkus-run.jar"),
                     broker.bootstrapServers(), System.getProperty("bench.heap", "256m"), count)) {
            System.out.printf("Broker %s, service on port %d (heap %s)%n", broker.bootstrapServers(), service.port(),
                    System.getProperty("bench.heap", "256m"));
            upload(service, records, "warmup", Math.min(count, 50_000));
            producer(broker.bootstrapServers(), records, "warmup", Math.min(count, 50_000), 0);
            Result rest = upload(service, records, "bench", count);
            Result plain = producer(broker.bootstrapServers(), records, "bench", count, rest.bytes());
            rest.print("REST upload (JSONL, validated, 1 transaction)");
            plain.print("plain KafkaProducer (same events, same serde)");
            System.out.printf("ratio REST / plain producer: %.2fx (records/s)%n", rest.recordsPerSecond() / plain.recordsPerSecond());
        }
    }

    private static Result upload(ServiceProcess service, BenchmarkRecords records, String version, long count)
            throws Exception {
        long[] bytes = new long[1];
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                        + "/datasets/bench/versions/" + version))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", "Bearer " + ApiTokens.token("publisher"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> records.body(count, bytes))).build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - start;
        if (response.statusCode() != 201) {
            throw new IllegalStateException("upload failed: " + response.statusCode() + " " + response.body());
        }
        return new Result(count, bytes[0], nanos);
    }

    /** {@code inputBytes}: the JSONL size of the same records, measured by the REST run, for the MB/s column. */
    private static Result producer(String bootstrap, BenchmarkRecords records, String version, long count,
                                   long inputBytes) {
        Map<String, Object> props = new HashMap<>(KafkaClients.throughputSettings());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        DatasetEventFactory events = new DatasetEventFactory("bench-plain", version);
        String key = DatasetKeys.of("bench-plain", version);
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        try (KafkaProducer<String, DatasetEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new EventSerializer<>(DatasetEvent.class))) {
            List<DatasetRecord> batch = new ArrayList<>();
            for (long n = 0; n < count; n++) {
                batch.add(events.record(n + 1, records.record(n)));
                if (batch.size() == BATCH || n == count - 1) { // as ingest writes the raw topic
                    producer.send(new ProducerRecord<>("bench.plain.raw", key, events.batch(n / BATCH, batch)),
                            (m, e) -> {
                                if (e != null) {
                                    failures.incrementAndGet();
                                }
                            });
                    batch = new ArrayList<>();
                }
            }
            producer.flush();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " sends failed");
        }
        return new Result(count, inputBytes, System.nanoTime() - start);
    }

    /** Records, input bytes and elapsed time of one run. */
    record Result(long records, long bytes, long nanos) {
        double recordsPerSecond() {
            return records / (nanos / 1e9);
        }

        void print(String what) {
            double seconds = nanos / 1e9;
            System.out.printf("%-48s %,d records in %.1f s: %,.0f records/s, %.1f MB/s (%,.1f MB of JSONL)%n", what,
                    records, seconds, recordsPerSecond(), bytes / 1e6 / seconds, bytes / 1e6);
        }
    }
}
