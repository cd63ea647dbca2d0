package io.tunestream.evaluator.rest;

import io.tunestream.evaluator.messaging.EvaluatorService;
import io.tunestream.evaluator.service.MergedWeights;
import io.tunestream.evaluator.service.RegisteredModel;
import io.tunestream.evaluator.service.WrongTaskException;
import io.tunestream.events.Task;
import io.tunestream.model.events.Sha256;
import io.tunestream.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Merged weights on demand: {@code GET /api/models/{name}/versions/{aliasOrVersion}/merged} streams a complete
 * {@code model.safetensors} of a registered LoRA version (base tensors with the LoRA delta folded in, Hugging Face
 * names, head as {@code classifier.weight/bias}), with {@code X-Checksum-SHA256}. The evaluator builds it because
 * it has the modelling library and the models loaded; the registry stays free of libtorch. The file is written to
 * a temporary file first (so the checksum header is known) and deleted once streamed. Needs the {@code evaluator}
 * role: building one loads a model and writes the whole weights file.
 */
@Path("/api/models/{name}/versions/{aliasOrVersion}/merged")
public class MergedWeightsResource {

    private final EvaluatorService service;

    public MergedWeightsResource(EvaluatorService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed(Roles.EVALUATOR)
    public Response merged(@PathParam("name") String name, @PathParam("aliasOrVersion") String aliasOrVersion)
            throws IOException {
        RegisteredModel version = service.scorer().resolve(name, aliasOrVersion);
        if (version.spec().task() == Task.CAUSAL_LM) {
            throw new WrongTaskException(name + " v" + version.version()
                    + " is a causal language model: download its merged Hugging Face directory from GET "
                    + ".../versions/{v}/exports/merged");
        }
        MergedWeights.requireMergeable(version.spec());
        var file = Files.createTempFile("merged-", ".safetensors");
        try {
            service.scorer().withModel(version, model -> {
                try {
                    MergedWeights.write(version.spec(), model.classifier(), file);
                    return file;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String sha256 = Sha256.of(file);
            long size = Files.size(file);
            StreamingOutput body = out -> {
                try {
                    Files.copy(file, out);
                } finally {
                    Files.deleteIfExists(file);
                }
            };
            return Response.ok(body, "application/octet-stream")
                    .header("Content-Disposition", "attachment; filename=\"model.safetensors\"")
                    .header("Content-Length", size)
                    .header("X-Checksum-SHA256", sha256)
                    .header("X-Model-Version", version.version())
                    .build();
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }
}
