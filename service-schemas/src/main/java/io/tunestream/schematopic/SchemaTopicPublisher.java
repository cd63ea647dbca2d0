package io.tunestream.schematopic;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tunestream.kafka.toolkit.TopicProvisioner;
import io.tunestream.kafka.toolkit.TopicSpec;
import io.tunestream.schemas.KafkaConnection;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventCatalog;
import io.tunestream.schemas.serde.SchemaTopic;
import io.tunestream.schemas.serde.SerdeMode;
import io.tunestream.schemas.serde.SerdeSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * A service's side of schema evolution without a registry. At startup it installs the process-wide
 * {@link SchemaTopic} (so every decoder of the service can resolve a newer writer's schema) and publishes the schema
 * of every event type it knows ({@link EventCatalog}), retrying every few seconds while the broker is unreachable.
 * The service reports ready ({@code /q/health/ready}, check {@value #CHECK}) only once its schemas are on the topic.
 *
 * <p>Off in registry mode ({@link SerdeSettings#process()}), where the registry resolves writers' schemas.
 * Settings: {@value #ENABLED} (default true), {@value #TOPIC} (default {@code tunestream.schemas}), and the
 * service's own Kafka connection: {@code kafka.bootstrap.servers} plus {@code kafka.security.protocol},
 * {@code kafka.sasl.*}, {@code kafka.ssl.*} ({@link KafkaConnection#fromConfig}).
 */
@ApplicationScoped
@Readiness
public class SchemaTopicPublisher implements HealthCheck {

    /** Whether the service publishes and resolves schemas through the topic. */
    public static final String ENABLED = "tunestream.schema-topic.enabled";
    /** The full name of the schemas topic. */
    public static final String TOPIC = "tunestream.schema-topic.name";
    /** The name of the readiness check. */
    public static final String CHECK = "schema-topic";

    static final Duration RETRY = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(SchemaTopicPublisher.class);

    private final Config config;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "schema-topic-publisher");
        thread.setDaemon(true);
        return thread;
    });
    private volatile SchemaTopic store;
    private volatile boolean published;
    private volatile String lastError = "not started";

    public SchemaTopicPublisher(Config config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        // in registry mode the schema registry resolves writers' schemas: no topic needed
        boolean registryMode = SerdeSettings.process().mode() == SerdeMode.REGISTRY;
        if (registryMode || !config.getOptionalValue(ENABLED, Boolean.class).orElse(true)) {
            lastError = null;
            published = true;
            return;
        }
        String bootstrap = config.getOptionalValue("kafka.bootstrap.servers", String.class).orElse("localhost:9092");
        KafkaConnection kafka = KafkaConnection.fromConfig(bootstrap, key -> config.getOptionalValue(key, String.class));
        String topic = config.getOptionalValue(TOPIC, String.class).orElse(Topics.name(null, Topics.SCHEMAS));
        store = new SchemaTopic(topic, kafka.properties());
        SchemaTopic.install(store);
        retries.execute(() -> publish(kafka, EventCatalog.schemas()));
    }

    /** Creates the topic if it is missing, publishes the schemas, and tries again later on failure. */
    void publish(KafkaConnection kafka, List<Schema> schemas) {
        try {
            ensureTopic(kafka, store.topic());
            int added = store.publish(schemas);
            published = true;
            lastError = null;
            LOG.infof("Event schemas on %s: %d published, %d already there", store.topic(), added, schemas.size() - added);
        } catch (KafkaException e) {
            lastError = e.getMessage();
            LOG.warnf("Cannot publish event schemas to %s yet (retrying in %ss): %s", store.topic(), RETRY.toSeconds(),
                    e.getMessage());
            retries.schedule(() -> publish(kafka, schemas), RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void ensureTopic(KafkaConnection kafka, String topic) {
        Map<String, Object> adminConfig = new HashMap<>(kafka.clientProperties());
        // not the default minute: a service whose broker is away says so, and tries again, sooner
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        Admin admin = Admin.create(adminConfig);
        try {
            TopicProvisioner.ensureTopics(admin, List.of(TopicSpec.compacted(topic, 1)));
        } catch (IllegalStateException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TopicAuthorizationException) {
                LOG.debugf("Not allowed to create %s; publishing says whether it is usable", topic);
                return;
            }
            throw new KafkaException("cannot reach Kafka to create " + topic + ": " + cause.getMessage(), e);
        } finally {
            admin.close(Duration.ofSeconds(1)); // not the default: it would wait for a broker that is away
        }
    }

    /** Whether this service's event schemas are on the topic. */
    public boolean published() {
        return published;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(CHECK).status(published)
                .withData("topic", store == null ? "disabled" : store.topic())
                .withData("detail", lastError == null ? "published" : lastError).build();
    }

    void stop(@Observes ShutdownEvent event) {
        retries.shutdownNow();
        if (store != null) {
            store.close();
        }
    }
}
