package io.tunestream.trainer.rest;

import io.tunestream.security.Roles;
import io.tunestream.trainer.domain.BaseModelCatalog;
import io.tunestream.trainer.messaging.TrainerService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /base-models}: the base models a training request may name on this trainer (bundled ones with their
 * language, pooling and size; directories under its model roots with their model_type or why they cannot be used),
 * the roots, and what a directory must contain. {@code tunestream models --base} prints it.
 */
@Path("/base-models")
@Produces(MediaType.APPLICATION_JSON)
public class BaseModelResource {

    private final TrainerService service;

    /** @param service the trainer, which knows its model roots */
    public BaseModelResource(TrainerService service) {
        this.service = service;
    }

    /**
     * The listing.
     *
     * @param models bundled models, then directories
     * @param roots the model roots directories are looked up under
     * @param directoryMustContain what a Hugging Face directory needs
     */
    public record Listing(List<BaseModelCatalog.Entry> models, List<String> roots, List<String> directoryMustContain) {
    }

    /** @return the listing */
    @GET
    @RolesAllowed(Roles.READER)
    public Listing list() {
        BaseModelCatalog catalog = service.baseModelCatalog();
        return new Listing(catalog.entries(), catalog.roots().stream().map(Object::toString).toList(),
                BaseModelCatalog.DIRECTORY_REQUIREMENTS);
    }
}
