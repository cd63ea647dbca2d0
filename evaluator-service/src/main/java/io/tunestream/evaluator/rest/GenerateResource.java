package io.tunestream.evaluator.rest;

import io.micrometer.core.annotation.Timed;
import io.tunestream.evaluator.domain.CallerConcurrencyLimit;
import io.tunestream.evaluator.messaging.EvaluatorService;
import io.tunestream.evaluator.service.GenerationBounds;
import io.tunestream.evaluator.service.Scorer;
import io.tunestream.model.generate.GenerationSettings;
import io.tunestream.schemas.Identifiers;
import io.tunestream.security.Roles;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Text generation with a registered causal language model: {@code POST /api/generate} continues each prompt
 * (greedy by default; temperature, top-k and top-p sampling with a seed, so a request is repeatable). Needs the
 * {@code evaluator} role and counts against the caller's concurrency limit, like scoring. Bounds: at most
 * {@value GenerationBounds#MAX_PROMPTS} prompts of at most {@value GenerationBounds#MAX_PROMPT_CHARS} characters
 * and {@value GenerationBounds#MAX_NEW_TOKENS} new tokens per call. A classifier asked to generate answers 409.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GenerateResource {

    private final EvaluatorService service;

    public GenerateResource(EvaluatorService service) {
        this.service = service;
    }

    /**
     * A generation request; absent settings take their defaults.
     *
     * @param model model name
     * @param aliasOrVersion alias (default champion) or version number
     * @param prompts texts to continue
     * @param maxNewTokens new tokens per prompt (default 64, at most 512)
     * @param temperature 0 (default) for greedy decoding, else the sampling temperature
     * @param topK keep the k most likely tokens (default 0: no cut)
     * @param topP nucleus cut in (0, 1] (default 1: no cut)
     * @param seed sampling seed (default 0)
     */
    public record GenerateRequest(String model, String aliasOrVersion, List<String> prompts, Integer maxNewTokens,
            Double temperature, Integer topK, Double topP, Long seed) {
    }

    /**
     * One continuation.
     *
     * @param prompt the prompt
     * @param text the new text (special tokens skipped)
     * @param tokens new tokens generated (the end-of-sequence token included when it ended the text)
     * @param stoppedAtEos whether it ended at the end-of-sequence token rather than at maxNewTokens
     */
    public record Generated(String prompt, String text, int tokens, boolean stoppedAtEos) {
    }

    /**
     * The answer.
     *
     * @param model model name
     * @param version the version actually used
     * @param generations one per prompt, in order
     */
    public record GenerateResponse(String model, int version, List<Generated> generations) {
    }

    @POST
    @RolesAllowed(Roles.EVALUATOR)
    @Path("/generate")
    @Timed(value = "tunestream.evaluator.generation", histogram = true,
            description = "Latency of a REST generation call: resolve the model, continue every prompt")
    public GenerateResponse generate(GenerateRequest body, @Context SecurityContext security,
            @Context HttpServerRequest http) {
        GenerationSettings settings = validate(body);
        String alias = body.aliasOrVersion() == null || body.aliasOrVersion().isBlank() ? "champion"
                : body.aliasOrVersion();
        try (CallerConcurrencyLimit.Permit permit = EvaluatorResource.permit(service, security, http)) {
            Scorer.GeneratedBatch batch = service.scorer().generate(body.model(), alias, body.prompts(), settings);
            return new GenerateResponse(batch.modelName(), batch.version(), batch.generations().stream()
                    .map(g -> new Generated(g.prompt(), g.text(), g.tokenIds().length, g.stoppedAtEos())).toList());
        }
    }

    /** @return the decoding settings, or a 400 naming every field that is wrong */
    static GenerationSettings validate(GenerateRequest body) {
        if (body == null) {
            throw new BadRequestProblem("the body must be {\"model\": .., \"prompts\": [..], \"maxNewTokens\": ..}");
        }
        List<String> problems = new ArrayList<>();
        if (body.model() == null || body.model().isBlank()) {
            problems.add("model is required");
        } else {
            Identifiers.problem("model", body.model()).ifPresent(problems::add);
        }
        int maxNewTokens = body.maxNewTokens() == null ? GenerationBounds.DEFAULT_MAX_NEW_TOKENS : body.maxNewTokens();
        problems.addAll(GenerationBounds.problems(body.prompts(), maxNewTokens));
        double temperature = body.temperature() == null ? 0 : body.temperature();
        if (!(temperature >= 0) || temperature > 100) {
            problems.add("temperature must be in 0..100 (0 = greedy), got " + temperature);
        }
        int topK = body.topK() == null ? 0 : body.topK();
        if (topK < 0) {
            problems.add("topK must be >= 0 (0 = no cut), got " + topK);
        }
        double topP = body.topP() == null ? 1 : body.topP();
        if (!(topP > 0 && topP <= 1)) {
            problems.add("topP must be in (0, 1] (1 = no cut), got " + topP);
        }
        if (!problems.isEmpty()) {
            throw new BadRequestProblem(String.join("; ", problems));
        }
        return new GenerationSettings(maxNewTokens, temperature, topK, topP, body.seed() == null ? 0 : body.seed(),
                true);
    }
}
