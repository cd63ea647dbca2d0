package io.tunestream.trainer.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.tunestream.rest.Problem;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.TrainingMetric;
import io.tunestream.events.TrainingRequest;
import io.tunestream.schemas.Identifiers;
import io.tunestream.security.Roles;
import io.tunestream.trainer.messaging.JobMetricsFeed;
import io.tunestream.trainer.messaging.JobMetricsFeeds;
import io.tunestream.trainer.messaging.JobStatusPublisher;
import io.tunestream.trainer.messaging.TrainerService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Training jobs over HTTP: submit (202), status (from the compacted status topic), live metrics (SSE), cancel. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final TrainerService service;
    private final JobMetricsFeeds feeds;
    private final ObjectMapper json;

    public JobResource(TrainerService service, JobMetricsFeeds feeds, ObjectMapper json) {
        this.service = service;
        this.feeds = feeds;
        this.json = json;
    }

    /** Validates the request, writes QUEUED, publishes it to the requests topic; 202 with the job id. */
    @POST
    @RolesAllowed(Roles.TRAINER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(JobRequest body) {
        if (body == null) {
            return Problem.of(400, "Invalid training request", "empty body").withErrors(List.of("a JSON body is required")).toResponse();
        }
        JobRequestMapper mapper = new JobRequestMapper(service::defaultLoraTargets);
        TrainingRequest request = mapper.map(body);
        List<String> problems = new ArrayList<>(mapper.problems());
        problems.addAll(service.requestValidator().problems(request));
        if (!problems.isEmpty()) {
            return Problem.of(400, "Invalid training request", problems.size() + " problem(s)").withErrors(problems).toResponse();
        }
        if (service.status(request.getJobId()).isPresent()) {
            return Problem.of(409, "Job exists", "job " + request.getJobId() + " already exists").toResponse();
        }
        service.statusPublisher().send(JobStatusPublisher.of(request, JobState.QUEUED).build());
        service.submit(request);
        return Response.accepted(Map.of("jobId", request.getJobId(), "state", JobState.QUEUED.name(),
                "status", "/jobs/" + request.getJobId())).location(URI.create("/jobs/" + request.getJobId())).build();
    }

    /** The latest status of a job; 404 when unknown. */
    @GET
    @RolesAllowed(Roles.READER)
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        Optional<String> bad = Identifiers.problem("jobId", id);
        if (bad.isPresent()) {
            return Problem.of(400, "Invalid job id", bad.get()).withErrors(List.of(bad.get())).toResponse();
        }
        return service.status(id).map(s -> Response.ok(JobView.of(s)).build())
                .orElseGet(() -> Problem.of(404, "Unknown job", "no job " + id).toResponse());
    }

    /**
     * The job's metrics as Server-Sent Events: {@code status} events (the job's {@link JobView}: first the current
     * one, then each change) and {@code metric} events ({@link MetricView}: every point so far, then new ones), both
     * JSON; the stream ends once the job has ended and every point written before has been sent. 404 for an unknown
     * job, 429 when the instance serves {@value JobMetricsFeeds#MAX_FEEDS} feeds already.
     */
    @GET
    @RolesAllowed(Roles.READER)
    @Path("/{id}/metrics")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> metrics(@PathParam("id") String id, @Context Sse sse) {
        Optional<String> bad = Identifiers.problem("jobId", id);
        if (bad.isPresent()) {
            throw new WebApplicationException(Problem.of(400, "Invalid job id", bad.get()).withErrors(List.of(bad.get())).toResponse());
        }
        if (service.status(id).isEmpty()) {
            throw new WebApplicationException(Problem.of(404, "Unknown job", "no job " + id).toResponse());
        }
        return Multi.createFrom().emitter(emitter -> {
            AtomicBoolean left = new AtomicBoolean();
            emitter.onTermination(() -> left.set(true));
            JobMetricsFeed.Listener listener = new JobMetricsFeed.Listener() {
                @Override
                public void status(JobStatus status) {
                    emitter.emit(event(sse, "status", JobView.of(status)));
                }

                @Override
                public void metric(TrainingMetric metric) {
                    emitter.emit(event(sse, "metric", MetricView.of(metric)));
                }
            };
            boolean started = feeds.start(id, listener, left::get, failure -> {
                if (failure == null) {
                    emitter.complete();
                } else {
                    emitter.fail(failure);
                }
            });
            if (!started) {
                emitter.fail(new WebApplicationException(Problem.of(429, "Too many metric feeds",
                        "this instance serves " + JobMetricsFeeds.MAX_FEEDS + " feeds already").toResponse()));
            }
        });
    }

    private OutboundSseEvent event(Sse sse, String name, Object view) {
        try {
            return sse.newEventBuilder().name(name).mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data(json.writeValueAsString(view)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + name + " event as JSON", e);
        }
    }

    /** Asks a queued or running job to stop (202); 409 when it has already ended. */
    @DELETE
    @RolesAllowed(Roles.TRAINER)
    @Path("/{id}")
    public Response cancel(@PathParam("id") String id) {
        Optional<String> bad = Identifiers.problem("jobId", id);
        if (bad.isPresent()) {
            return Problem.of(400, "Invalid job id", bad.get()).withErrors(List.of(bad.get())).toResponse();
        }
        Optional<JobStatus> status = service.status(id);
        if (status.isEmpty()) {
            return Problem.of(404, "Unknown job", "no job " + id).toResponse();
        }
        JobState state = status.get().getState();
        if (state != JobState.QUEUED && state != JobState.RUNNING) {
            return Problem.of(409, "Job has ended", "job " + id + " is " + state).toResponse();
        }
        JobStatus s = status.get();
        JobStatus cancel = JobStatus.newBuilder().setJobId(id).setState(JobState.CANCELLED).setStep(s.getStep())
                .setTotalSteps(s.getTotalSteps()).setProgress(s.getProgress()).setMessage("cancel requested")
                .setWorkerId(s.getWorkerId()).setModelName(s.getModelName()).setDatasetId(s.getDatasetId())
                .setDatasetVersion(s.getDatasetVersion()).setLastCheckpointId(s.getLastCheckpointId())
                // the current run's epoch, so the cancel request is not taken for a superseded worker's status
                .setEpoch(service.view().highestEpoch(id).orElse(s.getEpoch())).setUpdatedAt(Instant.now()).build();
        service.statusPublisher().send(cancel);
        return Response.accepted(JobView.of(cancel)).build();
    }

    /** Same as {@code DELETE /jobs/{id}}. */
    @POST
    @RolesAllowed(Roles.TRAINER)
    @Path("/{id}/cancel")
    public Response cancelByPost(@PathParam("id") String id) {
        return cancel(id);
    }
}
