package io.tunestream.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.jboss.logging.Logger;

/**
 * Consumer lag of every consumer group of a service on /q/metrics, through Micrometer's Kafka binders: each client's
 * own metrics, among them {@code kafka_consumer_fetch_manager_records_lag{consumer_group,topic,partition}} (records
 * between the consumer's position and the end of the partition, as of its last fetch), {@code ..._records_lag_max}
 * and the coordinator's rebalance figures.
 *
 * <p>Two ways in: every {@link KafkaStreams} created in the service is observed (quarkus-kafka-streams fires it as a
 * CDI event; a service that builds its own fires it too) and tagged with its application id, which is its consumer
 * group; a hand-built group consumer is bound by the code that creates it ({@link #bind(Consumer, String)}).
 *
 * <p>Why not Quarkus' own Kafka binder: it sees only clients made by SmallRye Reactive Messaging or
 * quarkus-kafka-streams, tags no group, and looks for new metrics once a minute, so a partition's lag appeared a
 * minute after its first fetch. This library turns it off ({@code quarkus.micrometer.binder.kafka.enabled=false} in
 * its {@code META-INF/microprofile-config.properties}) so that no client is bound twice.
 */
@ApplicationScoped
public class ConsumerLagMetrics {

    /** The tag naming the consumer group ({@code consumer_group} in Prometheus). */
    public static final String GROUP_TAG = "consumer.group";

    /** How often a binder looks for new client metrics (a newly assigned partition's lag). */
    static final Duration REFRESH = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(ConsumerLagMetrics.class);

    private final MeterRegistry registry;
    private final List<AutoCloseable> binders = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "consumer-lag-metrics");
        thread.setDaemon(true);
        return thread;
    });

    public ConsumerLagMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Binds a group consumer's metrics, lag among them, tagged with its group.
     *
     * @param consumer a consumer of the group (the caller closes it; its meters go when this bean is destroyed)
     * @param group its {@code group.id}
     * @return the consumer
     */
    public <C extends Consumer<?, ?>> C bind(C consumer, String group) {
        KafkaClientMetrics binder = new KafkaClientMetrics(consumer, Tags.of(GROUP_TAG, group), refresher, REFRESH);
        binder.bindTo(registry);
        binders.add(binder);
        return consumer;
    }

    /** Binds the metrics of a Kafka Streams client (every thread's consumers), tagged with its application id. */
    void streamsCreated(@Observes KafkaStreams streams) {
        String group = applicationId(streams.metrics());
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, Tags.of(GROUP_TAG, group), refresher, REFRESH);
        binder.bindTo(registry);
        binders.add(binder);
        LOG.debugf("Consumer lag of Kafka Streams application %s on the metrics endpoint", group);
    }

    /** The application id a Kafka Streams client reports about itself (its client metric {@code application-id}). */
    static String applicationId(Map<MetricName, ? extends Metric> metrics) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-metrics") && e.getKey().name().equals("application-id"))
                .map(e -> String.valueOf(e.getValue().metricValue())).findFirst()
                .orElseThrow(() -> new IllegalStateException("a Kafka Streams client without its application-id metric"));
    }

    @PreDestroy
    void close() {
        binders.forEach(binder -> {
            try {
                binder.close();
            } catch (Exception e) {
                LOG.debugf(e, "Closing a Kafka metrics binder");
            }
        });
        binders.clear();
        refresher.shutdownNow();
    }
}
