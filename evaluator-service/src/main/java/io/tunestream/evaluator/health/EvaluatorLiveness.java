package io.tunestream.evaluator.health;

import io.tunestream.evaluator.messaging.EvaluatorService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while every background consumer runs: the models view (champions for A/B), the evaluations view (the REST
 * answers), the sweeps view and both workers. A view whose thread died would judge against a stale champion
 * while still answering HTTP; failing liveness makes Kubernetes restart the pod.
 */
@Liveness
@ApplicationScoped
public class EvaluatorLiveness implements HealthCheck {

    private final EvaluatorService service;

    public EvaluatorLiveness(EvaluatorService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        var threads = service.backgroundThreads();
        var response = HealthCheckResponse.named("evaluator-consumers").status(!threads.containsValue(false));
        threads.forEach(response::withData);
        return response.build();
    }
}
