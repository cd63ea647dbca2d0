package io.tunestream.trainer.recipe;

import io.tunestream.schemas.Identifiers;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A recipe as a dataset names it in its seal's {@code recipe} setting: {@code NAME} (the latest version when the
 * seal arrives) or {@code NAME@VERSION} (that version, pinned).
 *
 * @param name the recipe name (an identifier)
 * @param version the pinned version; empty for the latest
 */
public record RecipeReference(String name, OptionalInt version) {

    /** Seal config key (and upload setting) naming a dataset's recipe. */
    public static final String CONFIG_KEY = "recipe";

    /**
     * @param text {@code NAME} or {@code NAME@VERSION}
     * @return the reference
     * @throws IllegalArgumentException naming what is wrong: an invalid name, a version that is not a whole number >= 1
     */
    public static RecipeReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("recipe must be NAME or NAME@VERSION, got an empty value");
        }
        int at = text.lastIndexOf('@');
        String name = at < 0 ? text : text.substring(0, at);
        Optional<String> problem = Identifiers.problem("recipe name", name);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        if (at < 0) {
            return new RecipeReference(name, OptionalInt.empty());
        }
        String version = text.substring(at + 1);
        try {
            int v = Integer.parseInt(version);
            if (v >= 1) {
                return new RecipeReference(name, OptionalInt.of(v));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("recipe version must be a whole number >= 1, got '" + version + "' in '"
                + text + "'");
    }

    @Override
    public String toString() {
        return version.isPresent() ? name + "@" + version.getAsInt() : name;
    }
}
