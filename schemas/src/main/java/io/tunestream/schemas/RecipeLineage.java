package io.tunestream.schemas;

import io.tunestream.events.PromotionPolicy;
import io.tunestream.events.RecipeRef;
import java.util.Map;
import java.util.Optional;

/**
 * The keys under which a model's lineage ({@code Lineage.config}) names the training recipe it was made by: the
 * trainer writes them from the request's {@link RecipeRef}, the evaluator reads the blessing overrides, the registry
 * the promotion policy.
 */
public final class RecipeLineage {

    /** {@code NAME@VERSION} of the recipe. */
    public static final String RECIPE = "recipe";
    /** The recipe's promotion policy: NONE, CHALLENGER or CHAMPION. */
    public static final String PROMOTION = "recipe.promotion";
    /** Prefix of the recipe's blessing overrides ({@code recipe.blessing.minimum}, {@code recipe.blessing.alpha}). */
    public static final String BLESSING_PREFIX = "recipe.blessing.";

    private RecipeLineage() {
    }

    /** Writes a recipe reference into a lineage config map. */
    public static void write(RecipeRef recipe, Map<String, String> config) {
        config.put(RECIPE, recipe.getName() + "@" + recipe.getVersion());
        config.put(PROMOTION, recipe.getPromotion().name());
        recipe.getBlessing().forEach((k, v) -> config.put(BLESSING_PREFIX + k, v));
    }

    /**
     * @param config a lineage config map
     * @return the promotion policy of the recipe that made the model; empty when no recipe did (or the value is not a
     *     policy name, which only a forged lineage could carry)
     */
    public static Optional<PromotionPolicy> promotion(Map<String, String> config) {
        String value = config.get(PROMOTION);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(PromotionPolicy.valueOf(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
