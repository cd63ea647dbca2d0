package io.tunestream.trainer.health;

import io.tunestream.trainer.config.TrainerConfig;
import io.tunestream.trainer.messaging.TrainerService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the worker consumes requests on an acceptable device. With
 * {@code tunestream.trainer.require-gpu=true} a worker without a CUDA device is NOT ready (and takes no jobs),
 * so Kubernetes routes nothing to a trainer pod scheduled away from a GPU.
 */
@Readiness
@ApplicationScoped
public class TrainerReadiness implements HealthCheck {

    private final TrainerService service;
    private final TrainerConfig config;

    public TrainerReadiness(TrainerService service, TrainerConfig config) {
        this.service = service;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean gpu = service.device() != null && service.device().isGpu();
        boolean deviceOk = !config.requireGpu() || gpu;
        boolean workerOk = !config.workerEnabled() || service.workerRunning();
        return HealthCheckResponse.named("trainer").status(deviceOk && workerOk)
                .withData("device", String.valueOf(service.device())).withData("requireGpu", config.requireGpu())
                .withData("workerRunning", service.workerRunning()).build();
    }
}
