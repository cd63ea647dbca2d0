package io.tunestream.trainer.rest;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /recipes}: a new version of a named recipe. {@code name}, {@code method.type} are required;
 * the other fields fall back to the schema's defaults ({@code modelName}: the recipe name, {@code promotion}:
 * NONE). Unknown fields are refused (400).
 *
 * @param name recipe name (an identifier); a name that exists gets its next version
 * @param modelName registered model name of the models it trains
 * @param baseModel base model reference
 * @param task classification, regression or causal_lm
 * @param method the method and its settings, as {@code POST /jobs} takes them
 * @param hyperParameters hyper-parameters, as {@code POST /jobs} takes them
 * @param seed seed of every run
 * @param promotion none, challenger or champion: what happens to a blessed model
 * @param blessing overrides of the evaluator's blessing gate: {@code minimum}, {@code alpha}
 * @param followDatasetId continuous training: every new prepared version of this dataset id trains
 * @param sweep when set, the training step is this sweep (as {@code POST /sweeps} takes it, without {@code base})
 * @param description free text
 */
public record RecipeBody(String name, String modelName, String baseModel, String task,
        JobRequest.MethodSettings method, JobRequest.HyperSettings hyperParameters, Long seed, String promotion,
        Map<String, String> blessing, String followDatasetId, SweepSettings sweep, String description) {

    /** A sweep as a recipe's training step: the search of {@code POST /sweeps}. */
    public record SweepSettings(List<SweepResource.Param> space, String algorithm, SweepResource.Scheduler scheduler,
            Integer numTrials, Integer maxConcurrentTrials, String metric, String mode) {
    }
}
