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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Entry point for uploads: refuses versions that are already sealed (409) or being uploaded right now
 * (409), then publishes the upload in one transaction with a producer whose transactional id is derived
 * from the dataset key, so that a concurrent upload of the same version on another replica fences it.
 */
@ApplicationScoped
public class DatasetUploads {

    private static final Logger LOG = Logger.getLogger(DatasetUploads.class);

    private final KafkaClients clients;
    private final IngestConfig config;
    private final TopicNames topics;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile CatalogView catalog;

    public DatasetUploads(KafkaClients clients, IngestConfig config) {
        this.clients = clients;
        this.config = config;
        this.topics = TopicNames.of(config);
    }

    void start(@Observes @Priority(20) StartupEvent event) {
        catalog = new CatalogView(clients.catalogConsumer(), topics.catalog());
        catalog.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (catalog != null) {
            catalog.close();
        }
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
        awaitCatalog();
        if (catalog.isSealed(key)) {
            throw new DatasetAlreadySealedException(key);
        }
        if (!inFlight.add(key)) {
            throw new ConcurrentUploadException("an upload of " + key + " is already in progress", null);
        }
        UploadPublisher publisher = new UploadPublisher(clients.uploadProducer(key), topics,
                new DatasetEventFactory(datasetId, version), config.batchRecords());
        try {
            IngestCounts counts = publisher.publish(upload, datasetConfig);
            catalog.markSealed(key);
            LOG.infof("Sealed %s: %d records, labels %s", key, counts.accepted(), counts.labels());
            return counts;
        } finally {
            publisher.close();
            inFlight.remove(key);
        }
    }

    private void awaitCatalog() {
        if (!catalog.awaitCaughtUp(config.catalogWaitTimeout())) {
            throw new CatalogUnavailableException("the dataset catalog is not readable yet (is Kafka up?)");
        }
    }
}
