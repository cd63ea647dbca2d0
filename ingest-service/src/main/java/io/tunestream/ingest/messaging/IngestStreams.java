package io.tunestream.ingest.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tunestream.ingest.config.IngestConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs the ingest-topic topology ({@link IngestTopology}) for the life of the service. The client is announced as a
 * CDI event, as quarkus-kafka-streams does, so that its consumer lag reaches /q/metrics (service-metrics).
 */
@ApplicationScoped
public class IngestStreams {

    private static final Logger LOG = Logger.getLogger(IngestStreams.class);

    private final KafkaClients clients;
    private final IngestConfig config;
    private final IngestTopicListener listener;
    private final Event<KafkaStreams> created;
    private volatile KafkaStreams streams;

    public IngestStreams(KafkaClients clients, IngestConfig config, IngestTopicListener listener,
            Event<KafkaStreams> created) {
        this.clients = clients;
        this.config = config;
        this.listener = listener;
        this.created = created;
    }

    void start(@Observes @Priority(30) StartupEvent event) throws Exception {
        if (!config.ingestTopicEnabled()) {
            return;
        }
        TopicNames topics = TopicNames.of(config);
        streams = new KafkaStreams(IngestTopology.build(topics, config.maxTextBytes(), rawPartitions(topics), listener),
                properties());
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Ingest-topic stream failed; the service reports itself not live", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        created.fire(streams);
        streams.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (streams != null) {
            streams.close(Duration.ofSeconds(10));
        }
    }

    /** The stream's state, or null when the ingest-topic path is disabled. */
    public KafkaStreams.State state() {
        return streams == null ? null : streams.state();
    }

    private int rawPartitions(TopicNames topics) throws Exception {
        try (Admin admin = clients.admin()) {
            return admin.describeTopics(List.of(topics.raw())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topics.raw()).partitions().size();
        }
    }

    private Properties properties() throws IOException {
        Properties props = clients.connection().properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.streamsApplicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topicReplicationFactor());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // A fresh state dir per start unless configured: a reused one breaks against a new (test) broker.
        String stateDir = config.streamsStateDir().isPresent() ? config.streamsStateDir().get()
                : Files.createTempDirectory("tunestream-ingest-streams").toString();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        return props;
    }
}
