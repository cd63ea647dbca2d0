package io.tunestream.trainer.health;

import io.tunestream.trainer.messaging.TrainerService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while every background consumer of this trainer runs: the job-status view, the sweeps view, the sweep
 * controller and the training worker (those enabled). A thread that died leaves a pod that answers HTTP but no
 * longer sees jobs or takes them; failing liveness makes Kubernetes restart it.
 */
@Liveness
@ApplicationScoped
public class TrainerLiveness implements HealthCheck {

    private final TrainerService service;

    public TrainerLiveness(TrainerService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        var threads = service.backgroundThreads();
        var response = HealthCheckResponse.named("trainer-consumers").status(!threads.containsValue(false));
        threads.forEach(response::withData);
        return response.build();
    }
}
