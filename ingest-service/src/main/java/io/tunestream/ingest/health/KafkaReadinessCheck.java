package io.tunestream.ingest.health;

import io.tunestream.ingest.messaging.DatasetUploads;
import io.tunestream.ingest.messaging.IngestStreams;
import io.tunestream.ingest.messaging.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.TimeUnit;

/**
 * Ready when the broker answers, the catalog of sealed versions has been read (so duplicates can be
 * refused), the ingest-topic stream is running (when enabled), and the service is not shutting down.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    private final KafkaClients clients;
    private final DatasetUploads uploads;
    private final IngestStreams streams;

    public KafkaReadinessCheck(KafkaClients clients, DatasetUploads uploads, IngestStreams streams) {
        this.clients = clients;
        this.uploads = uploads;
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka");
        boolean up = brokerAnswers(response);
        boolean catalog = uploads.catalogReady();
        KafkaStreams.State state = streams.state();
        boolean streamUp = state == null || state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        return response.withData("catalogCaughtUp", catalog)
                .withData("ingestTopicStream", state == null ? "disabled" : state.name())
                .withData("acceptingUploads", uploads.accepting())
                .status(up && catalog && streamUp && uploads.accepting()).build();
    }

    private boolean brokerAnswers(HealthCheckResponseBuilder response) {
        try (Admin admin = clients.admin()) {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000)).nodes()
                    .get(3, TimeUnit.SECONDS).size();
            response.withData("brokers", nodes);
            return nodes > 0;
        } catch (Exception e) {
            response.withData("error", e.toString());
            return false;
        }
    }
}
