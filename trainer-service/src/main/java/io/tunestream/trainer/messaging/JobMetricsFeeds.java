package io.tunestream.trainer.messaging;

import io.tunestream.trainer.config.TrainerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The metrics feeds served to HTTP subscribers ({@code GET /jobs/{id}/metrics}): each on a thread and a Kafka
 * consumer of its own, at most {@value #MAX_FEEDS} at once per instance (a consumer and a thread each).
 */
@ApplicationScoped
public class JobMetricsFeeds {

    /** The most feeds one trainer instance serves at once; one more is refused (429). */
    public static final int MAX_FEEDS = 32;

    private final TrainerKafka kafka;
    private final TrainerService service;
    private final TopicNames topics;
    private final Semaphore open = new Semaphore(MAX_FEEDS);
    private final AtomicInteger started = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "metrics-feed-" + started.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    public JobMetricsFeeds(TrainerKafka kafka, TrainerService service, TrainerConfig config) {
        this.kafka = kafka;
        this.service = service;
        this.topics = TopicNames.of(config.topicPrefix());
    }

    /**
     * Starts a feed of {@code jobId} in the background.
     *
     * @param stopped whether the subscriber has left
     * @param done called once the feed ends: null when the job ended, else the failure
     * @return false, starting nothing, when {@value #MAX_FEEDS} feeds are open
     */
    public boolean start(String jobId, JobMetricsFeed.Listener listener, BooleanSupplier stopped,
            Consumer<Throwable> done) {
        if (!open.tryAcquire()) {
            return false;
        }
        threads.execute(() -> {
            try {
                new JobMetricsFeed(kafka.metricsConsumer(), topics.metrics(), service.view()::get)
                        .follow(jobId, listener, stopped);
                done.accept(null);
            } catch (RuntimeException e) {
                done.accept(e);
            } finally {
                open.release();
            }
        });
        return true;
    }

    @PreDestroy
    void close() {
        threads.shutdownNow();
    }
}
