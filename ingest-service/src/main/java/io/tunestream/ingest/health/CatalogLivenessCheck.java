package io.tunestream.ingest.health;

import io.tunestream.ingest.messaging.DatasetUploads;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Not live once the catalog view's consumer thread has died: the instance would still answer uploads but no longer
 * learn of versions sealed by other replicas, so it could publish a sealed version twice. A restart is the cure.
 */
@Liveness
@ApplicationScoped
public class CatalogLivenessCheck implements HealthCheck {

    private final DatasetUploads uploads;

    public CatalogLivenessCheck(DatasetUploads uploads) {
        this.uploads = uploads;
    }

    @Override
    public HealthCheckResponse call() {
        boolean alive = uploads.catalogAlive();
        return HealthCheckResponse.named("catalog-view").status(alive).withData("catalog-view", alive).build();
    }
}
