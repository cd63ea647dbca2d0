package io.tunestream.trainer.rest;

import io.tunestream.rest.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import io.tunestream.events.PromotionPolicy;
import io.tunestream.events.RecipeSweep;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.TrainingRecipe;
import io.tunestream.events.TrainingRequest;
import io.tunestream.security.Roles;
import io.tunestream.trainer.messaging.TrainerService;
import io.tunestream.trainer.recipe.RecipeBook;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Training recipes over HTTP, stored as versions on the compacted {@code training.recipes} topic:
 * {@code POST /recipes} checks a recipe as {@code POST /jobs} checks a job (400 listing every problem) and writes it
 * as the name's next version (201); {@code GET /recipes} lists the latest version of every recipe,
 * {@code GET /recipes/{name}} shows one with its versions, {@code DELETE /recipes/{name}} retires the name (a delete
 * marker version: datasets naming it get a report and train nothing).
 */
@Path("/recipes")
@Produces(MediaType.APPLICATION_JSON)
public class RecipeResource {

    private static final String PROBE = "recipe-check";
    private static final Duration READ_YOUR_WRITES = Duration.ofSeconds(5);

    private final TrainerService service;
    private final SecurityIdentity identity;

    public RecipeResource(TrainerService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.TRAINER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(RecipeBody body) {
        if (body == null || body.name() == null) {
            return Problem.of(400, "Invalid recipe", "name is required").withErrors(List.of("name is required")).toResponse();
        }
        List<String> problems = new ArrayList<>();
        JobRequestMapper mapper = new JobRequestMapper(service::defaultLoraTargets);
        JobRequest job = new JobRequest(null, body.modelName() != null ? body.modelName() : body.name(), PROBE, PROBE,
                body.baseModel(), body.task(), body.method(), body.hyperParameters(), body.seed(), null, null, "recipe", null);
        TrainingRequest request = mapper.map(job);
        problems.addAll(mapper.problems());
        PromotionPolicy promotion = promotion(body.promotion(), problems);
        RecipeSweep sweep = sweep(body, job, request, problems);
        // One version number per write: writes of one instance are serialised, and each reads the topic first.
        synchronized (service) {
            if (!service.recipes().awaitCaughtUp(READ_YOUR_WRITES)) {
                return Problem.of(503, "Recipes not readable", "the recipes topic could not be read").toResponse();
            }
            RecipeBook book = new RecipeBook(service.recipes().snapshot().values());
            TrainingRecipe recipe = TrainingRecipe.newBuilder().setName(body.name())
                    .setVersion(book.nextVersion(body.name())).setDeleted(false).setModelName(request.getModelName())
                    .setBaseModel(request.getBaseModel()).setTask(request.getTask()).setMethod(request.getMethod())
                    .setHyperParameters(request.getHyperParameters()).setSeed(request.getSeed())
                    .setPromotion(promotion).setBlessing(body.blessing() == null ? new HashMap<>() : body.blessing())
                    .setFollowDatasetId(body.followDatasetId()).setSweep(sweep).setDescription(body.description())
                    .setCreatedBy(principal()).setCreatedAt(Instant.now()).build();
            problems.addAll(service.recipeValidator().problems(recipe));
            if (!problems.isEmpty()) {
                return Problem.of(400, "Invalid recipe", problems.size() + " problem(s)").withErrors(problems.stream().distinct().toList()).toResponse();
            }
            service.writeRecipe(recipe);
            service.recipes().awaitCaughtUp(READ_YOUR_WRITES);
            URI location = URI.create("/recipes/" + recipe.getName() + "/versions/" + recipe.getVersion());
            return Response.created(location).entity(RecipeViews.of(recipe)).build();
        }
    }

    @GET
    @RolesAllowed(Roles.READER)
    public List<Map<String, Object>> list() {
        return book().live().stream().map(RecipeViews::of).toList();
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("/{name}")
    public Response show(@PathParam("name") String name) {
        RecipeBook book = book();
        return book.latest(name).map(r -> {
            Map<String, Object> view = RecipeViews.of(r);
            view.put("versions", book.versions(name).stream().map(TrainingRecipe::getVersion).toList());
            return Response.ok(view).build();
        }).orElseGet(() -> missing(book, name));
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("/{name}/versions/{version}")
    public Response version(@PathParam("name") String name, @PathParam("version") int version) {
        return book().version(name, version).map(r -> Response.ok(RecipeViews.of(r)).build())
                .orElseGet(() -> Problem.of(404, "Unknown recipe version", "recipe " + name + " has no version "
                        + version).toResponse());
    }

    @DELETE
    @RolesAllowed(Roles.TRAINER)
    @Path("/{name}")
    public Response delete(@PathParam("name") String name) {
        synchronized (service) {
            RecipeBook book = book();
            Optional<TrainingRecipe> latest = book.latest(name);
            if (latest.isEmpty()) {
                return missing(book, name);
            }
            TrainingRecipe last = latest.get();
            // A copy of the last version (every field, including any added later) marked deleted.
            TrainingRecipe marker = TrainingRecipe.newBuilder(last).setVersion(book.nextVersion(name))
                    .setDeleted(true).setCreatedBy(principal()).setCreatedAt(Instant.now()).build();
            service.writeRecipe(marker);
            service.recipes().awaitCaughtUp(READ_YOUR_WRITES);
            return Response.ok(RecipeViews.of(marker)).build();
        }
    }

    private RecipeBook book() {
        service.recipes().awaitCaughtUp(READ_YOUR_WRITES);
        return new RecipeBook(service.recipes().snapshot().values());
    }

    private static Response missing(RecipeBook book, String name) {
        String detail = book.isDeleted(name) ? "recipe " + name + " was deleted" : "there is no recipe named " + name;
        return Problem.of(404, "Unknown recipe", detail).toResponse();
    }

    private String principal() {
        return identity == null || identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    private static PromotionPolicy promotion(String value, List<String> problems) {
        if (value == null) {
            return PromotionPolicy.NONE;
        }
        try {
            return PromotionPolicy.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("promotion must be one of " + List.of(PromotionPolicy.values()) + ", got: " + value);
            return PromotionPolicy.NONE;
        }
    }

    /** The sweep as {@code POST /sweeps} would build it, kept without its per-run fields. */
    private static RecipeSweep sweep(RecipeBody body, JobRequest job, TrainingRequest base, List<String> problems) {
        RecipeBody.SweepSettings s = body.sweep();
        if (s == null) {
            return null;
        }
        try {
            SweepRequest r = SweepResource.request(new SweepResource.SweepBody(PROBE, job, s.space(), s.algorithm(),
                    s.scheduler(), s.numTrials(), s.maxConcurrentTrials(), s.metric(), s.mode()), base);
            return RecipeSweep.newBuilder().setSpace(r.getSpace()).setAlgorithm(r.getAlgorithm())
                    .setScheduler(r.getScheduler()).setNumTrials(r.getNumTrials())
                    .setMaxConcurrentTrials(r.getMaxConcurrentTrials()).setMetric(r.getMetric()).setMode(r.getMode())
                    .build();
        } catch (IllegalArgumentException e) {
            problems.add("sweep: " + e.getMessage());
            return null;
        }
    }
}
