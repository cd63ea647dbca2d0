package io.tunestream.registry.rest;

import io.tunestream.events.ModelVersion;
import io.tunestream.registry.artifact.FileArtifactStore;
import io.tunestream.registry.domain.RegistryRejection;
import io.tunestream.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Downloads from the artifact store, streamed, with {@code X-Checksum-SHA256} and {@code Digest} headers: the
 * weights the trainer wrote (copied and verified at registration) and, for LoRA versions, the PEFT-layout export
 * the evaluator wrote beside them ({@code files/peft/...}, listed by {@code GET .../peft}). Merged weights need the
 * modelling library, which the registry does not carry: the evaluator serves them
 * ({@code GET /api/models/{name}/versions/{v}/merged} on the evaluator).
 */
@Path("/api/models/{name}/versions/{version}")
public class ArtifactResource {

    private final ModelQueries queries;
    private final FileArtifactStore store;

    ArtifactResource(ModelQueries queries, FileArtifactStore store) {
        this.queries = queries;
        this.store = store;
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("artifact")
    @Operation(summary = "The version's weights file (PEFT weights as written by the trainer)")
    public Response artifact(@PathParam("name") String name, @PathParam("version") int version) {
        ModelVersion found = queries.version(name, version).orElseThrow(() -> new RegistryRejection(
                RegistryRejection.Kind.NOT_FOUND, "model " + name + " has no version " + version));
        var file = store.resolveUri(name, version, found.getArtifactUri()).orElseThrow(() -> new RegistryRejection(
                RegistryRejection.Kind.NOT_FOUND, "version " + version + " of " + name + " has no stored artifact"));
        return download(file, found.getArtifactSha256());
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("files/{path: .+}")
    @Operation(summary = "A file of the version's directory in the artifact store")
    public Response file(@PathParam("name") String name, @PathParam("version") int version,
                         @PathParam("path") String path) {
        var file = store.resolve(name, version, path).orElseThrow(() -> new RegistryRejection(
                RegistryRejection.Kind.NOT_FOUND, "no such file in the artifact store"));
        try {
            return download(file, FileArtifactStore.sha256(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("peft")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The files of the version's PEFT-layout export (LoRA versions), with sizes and SHA-256")
    public PeftListing peft(@PathParam("name") String name, @PathParam("version") int version) {
        queries.version(name, version).orElseThrow(() -> new RegistryRejection(
                RegistryRejection.Kind.NOT_FOUND, "model " + name + " has no version " + version));
        List<PeftListing.File> files = new ArrayList<>();
        for (String path : store.peftFiles(name, version)) {
            var file = store.resolve(name, version, path).orElseThrow();
            try {
                files.add(new PeftListing.File(path, Files.size(file), FileArtifactStore.sha256(file),
                        "/api/models/" + name + "/versions/" + version + "/files/" + path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (files.isEmpty()) {
            throw new RegistryRejection(RegistryRejection.Kind.NOT_FOUND, "version " + version + " of " + name
                    + " has no PEFT export (only LoRA versions evaluated with one have it)");
        }
        return new PeftListing(files);
    }

    /**
     * A version's PEFT export.
     *
     * @param files its files
     */
    public record PeftListing(List<File> files) {
        /**
         * One file.
         *
         * @param path   path relative to the version's directory ({@code peft/adapter_config.json})
         * @param size   bytes
         * @param sha256 SHA-256
         * @param href   where to download it
         */
        public record File(String path, long size, String sha256, String href) {
        }
    }

    private static Response download(java.nio.file.Path file, String sha256) {
        StreamingOutput body = out -> Files.copy(file, out);
        Response.ResponseBuilder response = Response.ok(body, "application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"");
        try {
            response.header("Content-Length", Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sha256 != null) {
            response.header("X-Checksum-SHA256", sha256)
                    .header("Digest", "sha-256=" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)));
        }
        return response.build();
    }
}
