package io.tunestream.evaluator.health;

import io.tunestream.evaluator.messaging.EvaluatorService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Ready and live while the checkpoint worker consumes (a stopped worker needs a restart). */
@Readiness
@Liveness
@ApplicationScoped
public class EvaluatorReadiness implements HealthCheck {

    private final EvaluatorService service;

    public EvaluatorReadiness(EvaluatorService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("evaluator-worker").status(service.healthy()).build();
    }
}
