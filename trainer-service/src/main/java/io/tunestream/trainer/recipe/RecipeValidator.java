package io.tunestream.trainer.recipe;

import io.tunestream.events.TrainingRecipe;
import io.tunestream.schemas.Identifiers;
import io.tunestream.trainer.domain.TrainingRequestValidator;
import io.tunestream.trainer.sweep.SweepRequestValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a recipe before it is stored, with the same rules as every other door of the trainer: the training request
 * it would make (base model, method against the model's family, every bound of {@code TrainingRequestBounds}) goes
 * through {@link TrainingRequestValidator}, its sweep through {@link SweepRequestValidator}. Every problem at once,
 * each a sentence naming the field.
 */
public final class RecipeValidator {

    /** Blessing overrides a recipe may carry: the evaluator's threshold minimum and its paired test's alpha. */
    public static final Set<String> BLESSING_KEYS = Set.of("minimum", "alpha");
    /** Dataset id and version used to check the request a recipe would make (any valid identifiers do). */
    private static final String PROBE = "recipe-check";

    private final TrainingRequestValidator requests;
    private final SweepRequestValidator sweeps;

    /** @param requests the trainer's request validator (with its model roots) */
    public RecipeValidator(TrainingRequestValidator requests) {
        this.requests = requests;
        this.sweeps = new SweepRequestValidator(requests);
    }

    /** @return the problems of a recipe version; empty when it may be stored */
    public List<String> problems(TrainingRecipe recipe) {
        List<String> problems = new ArrayList<>();
        Identifiers.problem("name", recipe.getName()).ifPresent(problems::add);
        if (recipe.getVersion() < 1) {
            problems.add("version must be >= 1, got " + recipe.getVersion());
        }
        if (recipe.getFollowDatasetId() != null) {
            Identifiers.problem("followDatasetId", recipe.getFollowDatasetId()).ifPresent(problems::add);
        }
        blessing(recipe.getBlessing(), problems);
        if (recipe.getSweep() == null) {
            problems.addAll(requests.problems(RecipeRequests.training(recipe, PROBE, PROBE, Instant.EPOCH)));
        } else {
            // The sweep's own checks include the training request of its trials.
            problems.addAll(sweeps.problems(RecipeRequests.sweep(recipe, PROBE, PROBE, Instant.EPOCH)));
        }
        return problems.stream().distinct().toList();
    }

    private static void blessing(Map<String, String> blessing, List<String> problems) {
        for (Map.Entry<String, String> e : blessing.entrySet()) {
            if (!BLESSING_KEYS.contains(e.getKey())) {
                problems.add("blessing." + e.getKey() + " is not a blessing setting; known: " + BLESSING_KEYS.stream().sorted().toList());
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(e.getValue());
            } catch (NumberFormatException | NullPointerException ex) {
                problems.add("blessing." + e.getKey() + " must be a number, got '" + e.getValue() + "'");
                continue;
            }
            boolean ok = e.getKey().equals("alpha") ? value > 0 && value < 1 : value >= 0 && value <= 1;
            if (!ok) {
                problems.add("blessing." + e.getKey() + " must be in " + (e.getKey().equals("alpha") ? "(0, 1)" : "[0, 1]")
                        + ", got " + e.getValue());
            }
        }
    }
}
