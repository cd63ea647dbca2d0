package io.tunestream.trainer.recipe;

import io.tunestream.events.RecipeRef;
import io.tunestream.events.RecipeSweep;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.TrainingRecipe;
import io.tunestream.events.TrainingRequest;
import io.tunestream.schemas.Identifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;

/**
 * The requests a recipe version makes for one dataset version (sharing the recipe's method and hyper-parameter
 * records). Their id is a pure function of (recipe name, recipe
 * version, dataset id, dataset version), so a trigger that sees the same seal twice (a restart, a second replica)
 * makes the same job or sweep, which the trainer runs once.
 */
public final class RecipeRequests {

    /** {@code requestedBy} of every request a recipe makes. */
    public static final String REQUESTED_BY = "recipe";
    /** Longest readable run id; longer ones are hashed (sweep trial ids append {@code -t<index>}, sweeps allow 100). */
    static final int MAX_READABLE_ID = 90;

    private RecipeRequests() {
    }

    /**
     * @return {@code recipe-<name>-<recipeVersion>-<datasetId>-<datasetVersion>}, or {@code recipe-<32 hex digits of
     *     its SHA-256>} when that would be longer than {@value #MAX_READABLE_ID} characters or not an identifier
     */
    public static String runId(TrainingRecipe recipe, String datasetId, String datasetVersion) {
        String readable = "recipe-" + recipe.getName() + "-" + recipe.getVersion() + "-" + datasetId + "-" + datasetVersion;
        if (readable.length() <= MAX_READABLE_ID && Identifiers.isValid(readable)) {
            return readable;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(readable.getBytes(StandardCharsets.UTF_8));
            return "recipe-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** @return the lineage reference of a recipe version (name, version, promotion policy, blessing overrides) */
    public static RecipeRef reference(TrainingRecipe recipe) {
        return RecipeRef.newBuilder().setName(recipe.getName()).setVersion(recipe.getVersion())
                .setPromotion(recipe.getPromotion()).setBlessing(new HashMap<>(recipe.getBlessing())).build();
    }

    /** @return the training request of a recipe without a sweep, for one dataset version */
    public static TrainingRequest training(TrainingRecipe recipe, String datasetId, String datasetVersion,
            Instant requestedAt) {
        return TrainingRequest.newBuilder().setJobId(runId(recipe, datasetId, datasetVersion))
                .setModelName(recipe.getModelName()).setDatasetId(datasetId).setDatasetVersion(datasetVersion)
                .setBaseModel(recipe.getBaseModel()).setTask(recipe.getTask())
                .setMethod(recipe.getMethod())
                .setHyperParameters(recipe.getHyperParameters())
                .setSeed(recipe.getSeed()).setSweepId(null).setTrialId(null).setRequestedBy(REQUESTED_BY)
                .setRequestedAt(requestedAt).setRecipe(reference(recipe)).build();
    }

    /** @return the sweep of a recipe whose training step is a sweep, for one dataset version */
    public static SweepRequest sweep(TrainingRecipe recipe, String datasetId, String datasetVersion,
            Instant requestedAt) {
        RecipeSweep s = recipe.getSweep();
        if (s == null) {
            throw new IllegalArgumentException("recipe " + recipe.getName() + "@" + recipe.getVersion() + " has no sweep");
        }
        return SweepRequest.newBuilder().setSweepId(runId(recipe, datasetId, datasetVersion))
                .setModelName(recipe.getModelName()).setDatasetId(datasetId).setDatasetVersion(datasetVersion)
                .setBaseModel(recipe.getBaseModel()).setTask(recipe.getTask())
                .setMethod(recipe.getMethod())
                .setHyperParameters(recipe.getHyperParameters())
                .setSpace(new ArrayList<>(s.getSpace())).setAlgorithm(s.getAlgorithm())
                .setScheduler(s.getScheduler()).setNumTrials(s.getNumTrials())
                .setMaxConcurrentTrials(s.getMaxConcurrentTrials()).setMetric(s.getMetric()).setMode(s.getMode())
                .setSeed(recipe.getSeed()).setRequestedBy(REQUESTED_BY).setRequestedAt(requestedAt)
                .setRecipe(reference(recipe)).build();
    }
}
