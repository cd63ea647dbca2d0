package io.tunestream.evaluator.health;

import io.tunestream.evaluator.messaging.EvaluatorService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the checkpoint worker consumes; liveness ({@link EvaluatorLiveness}) covers every consumer thread. */
@Readiness
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
