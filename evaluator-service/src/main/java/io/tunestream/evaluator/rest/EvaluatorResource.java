package io.tunestream.evaluator.rest;

import io.tunestream.evaluator.domain.CallerConcurrencyLimit;
import io.tunestream.evaluator.messaging.EvaluatorService;
import io.tunestream.evaluator.service.EvaluationLedger;
import io.tunestream.evaluator.service.Scorer;
import io.tunestream.events.Evaluation;
import io.tunestream.schemas.Identifiers;
import io.tunestream.security.Roles;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import io.micrometer.core.annotation.Timed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluator's REST API: batch scoring with a registered model ({@code POST /api/score}; text generation is
 * {@link GenerateResource}), evaluating a job's
 * final checkpoint again ({@code POST /api/evaluations}) and the state of evaluations run by this instance.
 * Errors are {@code application/problem+json}. Scoring and evaluations need the {@code evaluator} role, reads
 * {@code reader}.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EvaluatorResource {

    /** Most items one scoring call may carry. */
    static final int MAX_ITEMS = 10_000;

    private final EvaluatorService service;

    public EvaluatorResource(EvaluatorService service) {
        this.service = service;
    }

    /**
     * A batch scoring request.
     *
     * @param model model name
     * @param aliasOrVersion alias (default champion) or version number
     * @param items texts with the caller's ids
     */
    public record ScoreRequest(String model, String aliasOrVersion, List<Scorer.Item> items) {
    }

    /** A re-evaluation request: the job whose final checkpoint to evaluate again. */
    public record EvaluateRequest(String jobId) {
    }

    @POST
    @RolesAllowed(Roles.EVALUATOR)
    @Path("/score")
    @Timed(value = "tunestream.evaluator.scoring", histogram = true,
            description = "Latency of a REST scoring call: resolve the model, tokenise, score the batch")
    public Scorer.ScoredBatch score(ScoreRequest body, @Context SecurityContext security,
                                    @Context HttpServerRequest http) {
        List<String> problems = new ArrayList<>();
        if (body == null) {
            throw new BadRequestProblem("the body must be {\"model\": .., \"aliasOrVersion\": .., \"items\": [..]}");
        }
        if (body.model() == null || body.model().isBlank()) {
            problems.add("model is required");
        } else {
            Identifiers.problem("model", body.model()).ifPresent(problems::add);
        }
        if (body.items() == null || body.items().isEmpty()) {
            problems.add("items must hold at least one {\"id\", \"text\"}");
        } else if (body.items().size() > MAX_ITEMS) {
            problems.add("at most " + MAX_ITEMS + " items per call, got " + body.items().size());
        } else if (body.items().stream().anyMatch(i -> i == null || i.text() == null)) {
            problems.add("every item needs a text");
        }
        if (!problems.isEmpty()) {
            throw new BadRequestProblem(String.join("; ", problems));
        }
        String alias = body.aliasOrVersion() == null || body.aliasOrVersion().isBlank() ? "champion"
                : body.aliasOrVersion();
        try (CallerConcurrencyLimit.Permit permit = permit(service, security, http)) {
            return service.scorer().score(body.model(), alias, body.items());
        }
    }

    @POST
    @RolesAllowed(Roles.EVALUATOR)
    @Path("/evaluations")
    public Response evaluate(EvaluateRequest body, @Context SecurityContext security, @Context HttpServerRequest http) {
        if (body == null || body.jobId() == null || body.jobId().isBlank()) {
            throw new BadRequestProblem("the body must be {\"jobId\": \"..\"}");
        }
        Identifiers.problem("jobId", body.jobId()).ifPresent(p -> {
            throw new BadRequestProblem(p);
        });
        CallerConcurrencyLimit.Permit permit = permit(service, security, http);
        Optional<String> id;
        try {
            id = service.reevaluate(body.jobId(), permit::close); // released when the evaluation ends
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
        return Response.accepted(Map.of("evaluationId", id.orElseThrow(() -> new NotFoundProblem(
                "no complete final checkpoint of job " + body.jobId() + " on the checkpoints topic")))).build();
    }

    /** A place among the caller's running requests, or 429. */
    static CallerConcurrencyLimit.Permit permit(EvaluatorService service, SecurityContext security,
            HttpServerRequest http) {
        String caller = caller(security, http);
        CallerConcurrencyLimit limit = service.callerLimit();
        return limit.tryAcquire(caller).orElseThrow(() -> new TooManyRequestsProblem(caller + " already has "
                + limit.perCaller() + " re-evaluations, scoring or generation calls running (at most "
                + limit.perCaller() + " at once: tunestream.evaluator.max-concurrent-requests-per-caller)"));
    }

    /** The authenticated principal's name when there is one, else the remote address. */
    static String caller(SecurityContext security, HttpServerRequest http) {
        if (security != null && security.getUserPrincipal() != null && security.getUserPrincipal().getName() != null
                && !security.getUserPrincipal().getName().isBlank()) {
            return security.getUserPrincipal().getName();
        }
        return http == null || http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("/evaluations")
    public List<Map<String, Object>> evaluations() {
        return service.ledger().all().stream().map(EvaluatorResource::view).toList();
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("/evaluations/{id}")
    public Map<String, Object> evaluation(@PathParam("id") String id) {
        return service.ledger().get(id).map(EvaluatorResource::view)
                .orElseThrow(() -> new NotFoundProblem("no evaluation " + id));
    }

    static Map<String, Object> view(EvaluationLedger.Entry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("evaluationId", e.evaluationId());
        out.put("jobId", e.jobId());
        out.put("state", e.state());
        if (e.error() != null) {
            out.put("error", e.error());
        }
        Evaluation ev = e.event();
        if (ev != null) {
            out.put("modelName", ev.getModelName());
            out.put("checkpointId", ev.getCheckpointId());
            out.put("testRecords", ev.getTestRecords());
            out.put("blessed", ev.getBlessed());
            out.put("reasons", ev.getReasons());
            out.put("metrics", new LinkedHashMap<>(ev.getMetrics()));
            out.put("reportUri", ev.getReportUri());
            out.put("plotUris", ev.getPlotUris());
            if (ev.getConfusionMatrix() != null) {
                out.put("confusionMatrix", Map.of("labels", ev.getConfusionMatrix().getLabels(),
                        "counts", ev.getConfusionMatrix().getCounts()));
            }
            if (ev.getComparison() != null) {
                var c = ev.getComparison();
                Map<String, Object> comparison = new LinkedHashMap<>();
                comparison.put("championVersion", c.getChampionVersion());
                comparison.put("test", c.getTest());
                comparison.put("statistic", c.getStatistic());
                comparison.put("pValue", c.getPValue());
                comparison.put("metricDelta", c.getMetricDelta());
                comparison.put("ciLow", c.getCiLow());
                comparison.put("ciHigh", c.getCiHigh());
                out.put("comparison", comparison);
            }
        }
        return out;
    }
}
