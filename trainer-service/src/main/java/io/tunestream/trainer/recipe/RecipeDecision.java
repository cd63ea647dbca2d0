package io.tunestream.trainer.recipe;

import io.tunestream.events.SweepRequest;
import io.tunestream.events.TrainingRecipe;
import io.tunestream.events.TrainingRequest;

/** What the recipe trigger decided for one recipe and one prepared dataset version. */
public sealed interface RecipeDecision {

    /** Start a training job: publish the request and its QUEUED status. */
    record Train(TrainingRecipe recipe, TrainingRequest request) implements RecipeDecision {
    }

    /** Start a sweep (the recipe's training step is one): publish its first state. */
    record Sweep(TrainingRecipe recipe, SweepRequest request) implements RecipeDecision {
    }

    /** Nothing to start: this run exists already (the seal was seen before, by this or another trigger). */
    record AlreadyStarted(String recipe, String runId) implements RecipeDecision {
    }

    /**
     * The dataset cannot train under the recipe it names or that follows it: publish a REJECTED report saying why;
     * nothing trains.
     *
     * @param recipe the recipe as named ({@code NAME}, {@code NAME@VERSION}) or the follower's {@code NAME@VERSION}
     * @param reason a sentence a data team can act on
     */
    record Refuse(String recipe, String reason) implements RecipeDecision {
    }
}
