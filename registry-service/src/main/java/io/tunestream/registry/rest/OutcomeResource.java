package io.tunestream.registry.rest;

import io.tunestream.registry.domain.CommandOutcome;
import io.tunestream.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Replica-to-replica: the outcome of a command from this replica's own store, so that a replica that took a
 * changing call for a model whose partition lives here can answer its caller. Never forwards further.
 */
@Path("/internal/outcomes")
@Produces(MediaType.APPLICATION_JSON)
public class OutcomeResource {

    private final OutcomeLookup lookup;

    OutcomeResource(OutcomeLookup lookup) {
        this.lookup = lookup;
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("{name}/{commandId}")
    @Operation(hidden = true)
    public CommandOutcome outcome(@PathParam("name") String name, @PathParam("commandId") String commandId) {
        return lookup.local(name, commandId).orElseThrow(() -> new NotFoundException(
                "no outcome of " + commandId + " here"));
    }
}
