package io.tunestream.trainer.rest;

import io.tunestream.rest.Problem;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.TrainingRequest;
import io.tunestream.schemas.Identifiers;
import io.tunestream.security.Roles;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Training jobs over HTTP: submit (202), status (from the compacted status topic), cancel. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final TrainerService service;

    public JobResource(TrainerService service) {
        this.service = service;
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
        List<String> problems = new java.util.ArrayList<>(mapper.problems());
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
                .setUpdatedAt(Instant.now()).build();
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
