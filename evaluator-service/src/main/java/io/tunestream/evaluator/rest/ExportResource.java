package io.tunestream.evaluator.rest;

import io.tunestream.evaluator.messaging.EvaluatorService;
import io.tunestream.evaluator.service.ArtifactBundle;
import io.tunestream.evaluator.service.RegisteredModel;
import io.tunestream.evaluator.service.WrongTaskException;
import io.tunestream.events.Task;
import io.tunestream.model.events.EventMethods;
import io.tunestream.model.events.Sha256;
import io.tunestream.model.export.DirectoryZip;
import io.tunestream.model.export.MergedModelExport;
import io.tunestream.model.export.PeftAdapterExport;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Comparator;

/**
 * Exports of a registered causal language model version, built on demand and downloaded as one zip archive
 * ({@code unzip -d DIR} gives the directory), with {@code X-Checksum-SHA256}:
 * <ul>
 * <li>{@code GET /api/models/{name}/versions/{aliasOrVersion}/exports/merged}: a complete Hugging Face model
 * directory ({@code config.json}, {@code model.safetensors} with LoRA merged, tokenizer files), for
 * {@code AutoModelForCausalLM.from_pretrained(DIR)}; LoRA and full fine-tuning only (others: 409).</li>
 * <li>{@code GET .../exports/peft}: the LoRA adapter in PEFT's layout ({@code adapter_config.json},
 * {@code adapter_model.safetensors}, task type CAUSAL_LM), for {@code PeftModel.from_pretrained(base, DIR)};
 * LoRA only (others: 409).</li>
 * </ul>
 * A classifier version answers 409 (its merged weights are {@code .../merged}, its PEFT files the registry's
 * {@code .../peft}). Needs the {@code evaluator} role: an export loads a model and writes every weight.
 */
@Path("/api/models/{name}/versions/{aliasOrVersion}/exports/{format}")
public class ExportResource {

    private final EvaluatorService service;

    public ExportResource(EvaluatorService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed(Roles.EVALUATOR)
    public Response export(@PathParam("name") String name, @PathParam("aliasOrVersion") String aliasOrVersion,
            @PathParam("format") String format) throws IOException {
        if (!"merged".equals(format) && !"peft".equals(format)) {
            throw new BadRequestProblem("format must be merged or peft, got '" + format + "'");
        }
        RegisteredModel version = service.scorer().resolve(name, aliasOrVersion);
        if (version.spec().task() != Task.CAUSAL_LM) {
            throw new WrongTaskException(name + " v" + version.version() + " is a " + version.spec().task()
                    + " model: its merged weights are GET .../versions/{v}/merged, its PEFT files the registry's "
                    + "GET .../versions/{v}/peft");
        }
        MethodConfig method = EventMethods.toModel(version.spec().method());
        if ("merged".equals(format)) {
            MergedModelExport.requireMergeable(method);
        } else {
            PeftAdapterExport.requireExportable(method);
        }
        var work = Files.createTempDirectory("export-");
        try {
            var dir = work.resolve(format);
            service.scorer().withLanguageModel(version, model -> {
                try {
                    if ("merged".equals(format)) {
                        return MergedModelExport.write(model.model(), service.baseDirectory(version.spec().baseModel()),
                                dir);
                    }
                    return PeftAdapterExport.write(model.model(), ArtifactBundle.baseModelName(
                            version.spec().baseModel()), "CAUSAL_LM", dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            var zip = work.resolve(format + ".zip");
            try (OutputStream out = Files.newOutputStream(zip)) {
                DirectoryZip.write(dir, out);
            }
            String sha256 = Sha256.of(zip);
            long size = Files.size(zip);
            StreamingOutput body = out -> {
                try {
                    Files.copy(zip, out);
                } finally {
                    delete(work);
                }
            };
            return Response.ok(body, "application/zip")
                    .header("Content-Disposition", "attachment; filename=\"" + name + "-v" + version.version() + "-"
                            + format + ".zip\"")
                    .header("Content-Length", size)
                    .header("X-Checksum-SHA256", sha256)
                    .header("X-Model-Version", version.version())
                    .build();
        } catch (RuntimeException | IOException e) {
            delete(work);
            throw e;
        }
    }

    private static void delete(java.nio.file.Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (var p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
