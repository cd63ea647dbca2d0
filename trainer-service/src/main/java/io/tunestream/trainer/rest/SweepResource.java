package io.tunestream.trainer.rest;

import io.tunestream.rest.Problem;
import io.tunestream.events.ParameterKind;
import io.tunestream.events.ParameterSpec;
import io.tunestream.events.ResourceUnit;
import io.tunestream.events.SchedulerConfig;
import io.tunestream.events.SchedulerKind;
import io.tunestream.events.SearchAlgorithm;
import io.tunestream.events.SweepMode;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.SweepState;
import io.tunestream.events.SweepStatus;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import io.tunestream.security.Roles;
import io.tunestream.trainer.messaging.TrainerService;
import io.tunestream.trainer.sweep.SweepRequestValidator;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Hyper-parameter sweeps over HTTP: {@code POST /sweeps} validates a sweep request (every problem at once, 400)
 * and writes its first state to the compacted sweeps topic, where one trainer's controller takes it over;
 * {@code GET /sweeps/{id}} answers its state from that topic (trials, parameters, rungs, metrics, best trial).
 */
@Path("/sweeps")
@Produces(MediaType.APPLICATION_JSON)
public class SweepResource {

    private final TrainerService service;

    public SweepResource(TrainerService service) {
        this.service = service;
    }

    /**
     * Body of {@code POST /sweeps}: the base job (as {@code POST /jobs} takes it) plus the search.
     *
     * @param sweepId id (generated when absent)
     * @param base the base training request: dataset, model name, method, hyper-parameters, seed
     * @param space searched parameters
     * @param algorithm RANDOM or GRID
     * @param scheduler early stopping: kind NONE / ASHA / MEDIAN_STOPPING and its settings
     * @param numTrials trials in all
     * @param maxConcurrentTrials trials at once
     * @param metric accuracy, f1_macro or val_loss; val_perplexity or val_token_accuracy for causal LM (default:
     *     accuracy for classification, val_loss otherwise)
     * @param mode MAX or MIN (default: the metric's direction)
     */
    public record SweepBody(String sweepId, JobRequest base, List<Param> space, String algorithm, Scheduler scheduler,
            Integer numTrials, Integer maxConcurrentTrials, String metric, String mode) {
    }

    /** One searched parameter. */
    public record Param(String name, String kind, Double low, Double high, List<String> values) {
    }

    /** The scheduler's settings. */
    public record Scheduler(String kind, Integer reductionFactor, Integer gracePeriod, Integer maxResource,
            String resourceUnit, Integer minTrialsRequired) {
    }

    @POST
    @RolesAllowed(Roles.TRAINER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(SweepBody body) {
        if (body == null || body.base() == null) {
            return Problem.of(400, "Invalid sweep request", "empty body").withErrors(List.of("a JSON body with \"base\" (the training job) and \"space\" is required")).toResponse();
        }
        List<String> problems = new ArrayList<>();
        JobRequestMapper mapper = new JobRequestMapper(service::defaultLoraTargets);
        TrainingRequest base = mapper.map(body.base());
        problems.addAll(mapper.problems());
        SweepRequest request;
        try {
            request = request(body, base);
        } catch (IllegalArgumentException e) {
            return Problem.of(400, "Invalid sweep request", e.getMessage()).withErrors(List.of(e.getMessage())).toResponse();
        }
        problems.addAll(service.sweepValidator().problems(request));
        if (!problems.isEmpty()) {
            return Problem.of(400, "Invalid sweep request", problems.size() + " problem(s)").withErrors(problems).toResponse();
        }
        service.sweeps().awaitCaughtUp(Duration.ofSeconds(5));
        if (service.sweeps().get(request.getSweepId()).isPresent()) {
            return Problem.of(409, "Sweep exists", "sweep " + request.getSweepId() + " already exists").toResponse();
        }
        service.startSweep(SweepState.newBuilder().setSweepId(request.getSweepId()).setRequest(request)
                .setStatus(SweepStatus.RUNNING).setTrials(new ArrayList<>()).setBestTrialId(null)
                .setMessage("waiting for its controller").setUpdatedAt(Instant.now()).build());
        return Response.accepted(Map.of("sweepId", request.getSweepId(), "status", "/sweeps/" + request.getSweepId()))
                .location(URI.create("/sweeps/" + request.getSweepId())).build();
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        service.sweeps().awaitCaughtUp(Duration.ofSeconds(5));
        return service.sweeps().get(id).map(s -> Response.ok(view(s)).build())
                .orElseGet(() -> Problem.of(404, "Unknown sweep", "no sweep " + id).toResponse());
    }

    static Map<String, Object> view(SweepState s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sweepId", s.getSweepId());
        out.put("status", s.getStatus().name());
        out.put("bestTrialId", s.getBestTrialId());
        out.put("message", s.getMessage());
        out.put("metric", s.getRequest().getMetric());
        List<Map<String, Object>> trials = new ArrayList<>();
        s.getTrials().forEach(t -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("trialId", t.getTrialId());
            v.put("jobId", t.getJobId());
            v.put("status", t.getStatus().name());
            v.put("params", new LinkedHashMap<>(t.getParams()));
            v.put("rung", t.getRung());
            v.put("lastResource", t.getLastResource());
            v.put("finalMetric", t.getFinalMetric());
            v.put("message", t.getMessage());
            trials.add(v);
        });
        out.put("trials", trials);
        out.put("updatedAt", s.getUpdatedAt().toString());
        return out;
    }

    /** The Avro request of a body and its mapped base job; REST's own defaults fill what the body leaves out. */
    static SweepRequest request(SweepBody body, TrainingRequest base) {
        List<ParameterSpec> space = new ArrayList<>();
        for (Param p : body.space() == null ? List.<Param>of() : body.space()) {
            space.add(ParameterSpec.newBuilder().setName(p.name() == null ? "" : p.name())
                    .setKind(enumOf(ParameterKind.class, "space[" + p.name() + "].kind", p.kind(), null))
                    .setLow(p.low()).setHigh(p.high()).setValues(p.values() == null ? List.of() : p.values()).build());
        }
        Scheduler s = body.scheduler() == null ? new Scheduler(null, null, null, null, null, null) : body.scheduler();
        SchedulerConfig scheduler = SchedulerConfig.newBuilder()
                .setKind(enumOf(SchedulerKind.class, "scheduler.kind", s.kind(), SchedulerKind.NONE))
                .setReductionFactor(s.reductionFactor() == null ? 3 : s.reductionFactor())
                .setGracePeriod(s.gracePeriod() == null ? 1 : s.gracePeriod())
                .setMaxResource(s.maxResource() == null ? 9 : s.maxResource())
                .setResourceUnit(enumOf(ResourceUnit.class, "scheduler.resourceUnit", s.resourceUnit(),
                        ResourceUnit.EVALUATIONS))
                .setMinTrialsRequired(s.minTrialsRequired() == null ? 3 : s.minTrialsRequired()).build();
        // The objective a task has by default: accuracy for classifiers, the validation loss otherwise.
        String metric = body.metric() != null ? body.metric()
                : base.getTask() == Task.CLASSIFICATION ? "accuracy" : "val_loss";
        return SweepRequest.newBuilder()
                .setSweepId(body.sweepId() != null ? body.sweepId() : "sweep-" + UUID.randomUUID().toString().substring(0, 8))
                .setModelName(base.getModelName()).setDatasetId(base.getDatasetId())
                .setDatasetVersion(base.getDatasetVersion()).setBaseModel(base.getBaseModel()).setTask(base.getTask())
                .setMethod(base.getMethod()).setHyperParameters(base.getHyperParameters()).setSpace(space)
                .setAlgorithm(enumOf(SearchAlgorithm.class, "algorithm", body.algorithm(), SearchAlgorithm.RANDOM))
                .setScheduler(scheduler).setNumTrials(body.numTrials() == null ? 0 : body.numTrials())
                .setMaxConcurrentTrials(body.maxConcurrentTrials() == null ? 2 : body.maxConcurrentTrials())
                .setMetric(metric)
                .setMode(enumOf(SweepMode.class, "mode", body.mode(), SweepRequestValidator.METRICS.getOrDefault(metric, SweepMode.MAX)))
                .setSeed(base.getSeed()).setRequestedBy("rest").setRequestedAt(Instant.now())
                .setPooling(base.getPooling()).build();
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String field, String value, E fallback) {
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException(field + " is required");
            }
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be one of " + Arrays.toString(type.getEnumConstants())
                    + ", got " + value);
        }
    }
}
