package io.tunestream.registry.rest;

import io.tunestream.rest.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import io.tunestream.registry.domain.CommandOutcome;
import io.tunestream.registry.domain.ModelNames;
import io.tunestream.registry.domain.RegistryCommand;
import io.tunestream.registry.domain.RegistryRejection;
import io.tunestream.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Models, versions, lineage, metrics and aliases (role reader); promotion, rollback and archive (role admin). */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ModelQueries queries;
    private final CommandGateway gateway;
    private final SecurityIdentity identity;

    ModelResource(ModelQueries queries, CommandGateway gateway, SecurityIdentity identity) {
        this.queries = queries;
        this.gateway = gateway;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Operation(summary = "Every model with its latest version and aliases")
    public List<ModelSummary> models() {
        return queries.models();
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("{name}")
    @Operation(summary = "One model")
    public ModelSummary model(@PathParam("name") String name) {
        return queries.model(name).orElseThrow(() -> notFound("no model " + name));
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("{name}/versions")
    @Operation(summary = "A model's versions, oldest first")
    public List<ModelVersionView> versions(@PathParam("name") String name) {
        return queries.versions(name).stream().map(ModelVersionView::of).toList();
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("{name}/versions/{version}")
    @Operation(summary = "One version with lineage, metrics and artifact")
    public ModelVersionView version(@PathParam("name") String name, @PathParam("version") int version) {
        return queries.version(name, version).map(ModelVersionView::of)
                .orElseThrow(() -> notFound("model " + name + " has no version " + version));
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("{name}/versions/{version}/lineage")
    @Operation(summary = "What a version was trained on and how, with the stage reports of its dataset version")
    public ModelVersionView.LineageView lineage(@PathParam("name") String name, @PathParam("version") int version) {
        ModelVersionView.LineageView lineage = version(name, version).lineage();
        if (lineage == null) {
            throw notFound("version " + version + " of " + name + " has no lineage");
        }
        return lineage.withStageReports(queries.stageReports(lineage.datasetId(), lineage.datasetVersion()));
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("{name}/versions/{version}/metrics")
    @Operation(summary = "A version's test metrics")
    public Map<String, Double> metrics(@PathParam("name") String name, @PathParam("version") int version) {
        return version(name, version).metrics();
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("{name}/aliases")
    @Operation(summary = "Where each alias of a model points")
    public Map<String, Integer> aliases(@PathParam("name") String name) {
        return queries.aliases(name);
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("{name}/aliases/{alias}")
    @Operation(summary = "The version an alias points to")
    public ModelVersionView alias(@PathParam("name") String name, @PathParam("alias") String alias) {
        Integer version = queries.aliases(name).get(alias);
        if (version == null) {
            throw notFound("model " + name + " has no alias " + alias);
        }
        return version(name, version);
    }

    @POST
    @Path("{name}/aliases/{alias}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Point an alias at a version (PROMOTE); emits a deployment event")
    public Response promote(@PathParam("name") String name, @PathParam("alias") String alias, PromoteRequest request) {
        if (request == null || request.version() == null) {
            throw new RegistryRejection(RegistryRejection.Kind.INVALID, "body must be {\"version\": <n>, \"force\": false}");
        }
        return submit(RegistryCommand.Action.PROMOTE, name, request.version(), alias, request.force());
    }

    @POST
    @Path("{name}/aliases/{alias}/rollback")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Move an alias back to its previous version (ROLLBACK); emits a deployment event")
    public Response rollback(@PathParam("name") String name, @PathParam("alias") String alias) {
        return submit(RegistryCommand.Action.ROLLBACK, name, null, alias, false);
    }

    @POST
    @Path("{name}/versions/{version}/archive")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Archive a version no alias points to (ARCHIVE); emits a deployment event")
    public Response archive(@PathParam("name") String name, @PathParam("version") int version) {
        return submit(RegistryCommand.Action.ARCHIVE, name, version, null, false);
    }

    private Response submit(RegistryCommand.Action action, String name, Integer version, String alias, boolean force) {
        ModelNames.requireName(name);
        if (alias != null) {
            ModelNames.requireAlias(alias);
        }
        var command = new RegistryCommand(UUID.randomUUID().toString(), action, name, version, alias, force,
                identity.getPrincipal().getName(), System.currentTimeMillis());
        CommandOutcome outcome = gateway.submit(command).orElse(null);
        if (outcome == null) {
            return Problem.of(Response.Status.GATEWAY_TIMEOUT, "command " + command.commandId()
                    + " was sent but its outcome was not seen in time; check GET /api/models/" + name).toResponse();
        }
        if (!outcome.accepted()) {
            throw new RegistryRejection(outcome.rejection(), outcome.message());
        }
        return Response.ok(outcome).build();
    }

    private static RegistryRejection notFound(String message) {
        return new RegistryRejection(RegistryRejection.Kind.NOT_FOUND, message);
    }

    /**
     * Body of a promotion.
     *
     * @param version version to point the alias at
     * @param force   allow an unblessed version to become champion
     */
    public record PromoteRequest(Integer version, boolean force) {
    }
}
