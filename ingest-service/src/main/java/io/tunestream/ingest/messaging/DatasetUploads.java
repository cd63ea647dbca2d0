package io.tunestream.ingest.messaging;

import io.tunestream.ingest.config.IngestConfig;
import io.tunestream.ingest.domain.IngestCounts;
import io.tunestream.schemas.DatasetKeys;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entry point for uploads: refuses versions that are already sealed (409) or being uploaded right now
 * (409), then publishes the upload in one transaction with the producer of a free {@link UploadSlots} slot, whose
 * transactional id is stable per instance: a restarted instance fences what its killed predecessor left open.
 * On shutdown ({@link #shutdown}) it refuses new uploads, aborts the running ones (the client gets 503,
 * {@code SHUTTING_DOWN}) and closes the producers, so nothing stays open on the broker.
 */
@ApplicationScoped
public class DatasetUploads {

    private static final Logger LOG = Logger.getLogger(DatasetUploads.class);

    private final KafkaClients clients;
    private final IngestConfig config;
    private final TopicNames topics;
    private final Map<String, UploadPublisher> inFlight = new ConcurrentHashMap<>();
    private final UploadSlots slots;
    private volatile CatalogView catalog;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    public DatasetUploads(KafkaClients clients, IngestConfig config) {
        this.clients = clients;
        this.config = config;
        this.topics = TopicNames.of(config);
        this.slots = new UploadSlots(config.transactionalIdPrefix() + clients.instanceId(), config.uploadSlots(),
                clients::uploadProducer);
    }

    void start(@Observes @Priority(20) StartupEvent event) {
        catalog = new CatalogView(clients.catalogConsumer(), topics.catalog());
        catalog.start();
        Thread fencing = new Thread(this::fenceSlots, "upload-slot-fencing");
        fencing.setDaemon(true);
        fencing.start();
    }

    private void fenceSlots() {
        try {
            slots.fenceAll();
        } catch (RuntimeException e) { // each slot is initialised again on its first upload
            LOG.warnf("Could not initialise the upload producers at start-up (%s); each retries on its first upload",
                    e.toString());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        shutdown(config.shutdownGrace());
    }

    /**
     * What SIGTERM does (the shutdown observer calls it): refuses new uploads, cancels the running ones at their next
     * record and waits up to {@code grace} for their transactions to be aborted, then closes every producer (which
     * aborts whatever is still open on the broker) and the catalog view. Runs once; later calls return at once.
     */
    public void shutdown(Duration grace) {
        if (!shuttingDown.compareAndSet(false, true)) {
            return; // already done (a test called it before the application stopped)
        }
        if (!inFlight.isEmpty()) {
            LOG.infof("Shutting down: aborting %d open upload(s) %s", inFlight.size(), inFlight.keySet());
        }
        inFlight.forEach((key, publisher) -> publisher.cancel(new UploadAbortedException("SHUTTING_DOWN",
                "ingest-service is shutting down: the upload of " + key + " was aborted and nothing of it was "
                        + "published; send it again")));
        long deadline = System.nanoTime() + grace.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // uploads leave inFlight when their abort is done
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!inFlight.isEmpty()) {
            LOG.warnf("Uploads %s still running after the %s grace: closing their producers aborts them",
                    inFlight.keySet(), grace);
        }
        slots.close();
        if (catalog != null) {
            catalog.close();
        }
    }

    /** Whether uploads are accepted (false once shutdown began; readiness goes DOWN). */
    public boolean accepting() {
        return !shuttingDown.get();
    }

    /** Whether the catalog view's consumer thread runs (liveness; false before start-up). */
    public boolean catalogAlive() {
        return catalog != null && catalog.alive();
    }

    /** Whether the catalog view has caught up (readiness). */
    public boolean catalogReady() {
        return catalog != null && catalog.caughtUp();
    }

    /**
     * Publishes one dataset version.
     *
     * @throws DatasetAlreadySealedException when the version is sealed already
     * @throws ConcurrentUploadException     when the same version is being uploaded
     */
    public IngestCounts publish(String datasetId, String version, Map<String, String> datasetConfig,
                                UploadPublisher.Upload upload) throws IOException {
        String key = DatasetKeys.of(datasetId, version);
        refuseIfShuttingDown(key);
        awaitCatalog();
        if (catalog.isSealed(key)) {
            throw new DatasetAlreadySealedException(key);
        }
        UploadSlots.Slot slot = slots.tryAcquire().orElseThrow(() -> new UploadAbortedException("NO_FREE_SLOT",
                "all " + config.uploadSlots() + " upload slots are busy; send " + key + " again later"));
        UploadPublisher publisher = null;
        try {
            publisher = new UploadPublisher(slot.producer(), topics, new DatasetEventFactory(datasetId, version),
                    config.batchRecords());
            if (inFlight.putIfAbsent(key, publisher) != null) {
                publisher = null;
                throw new ConcurrentUploadException("an upload of " + key + " is already in progress", null);
            }
            refuseIfShuttingDown(key); // shutdown may have begun since the first check and missed this upload
            IngestCounts counts = publisher.publish(upload, datasetConfig);
            catalog.markSealed(key);
            LOG.infof("Sealed %s: %d records, labels %s", key, counts.accepted(), counts.labels());
            return counts;
        } catch (UploadAbortedException e) {
            LOG.infof("Upload of %s aborted (%s): nothing of it is visible", key, e.reason());
            throw e;
        } finally {
            if (publisher != null) {
                inFlight.remove(key);
            }
            slots.release(slot, publisher == null || publisher.reusable());
        }
    }

    private void refuseIfShuttingDown(String key) {
        if (shuttingDown.get()) {
            throw new UploadAbortedException("SHUTTING_DOWN", "ingest-service is shutting down; send " + key
                    + " to another instance or again once it is back");
        }
    }

    private void awaitCatalog() {
        if (!catalog.awaitCaughtUp(config.catalogWaitTimeout())) {
            throw new CatalogUnavailableException("the dataset catalog is not readable yet (is Kafka up?)");
        }
    }
}
