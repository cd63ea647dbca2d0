package io.tunestream.trainer.messaging;

import io.tunestream.schemas.Topics;

/**
 * Full names of the topics the recipe store and trigger read and write.
 *
 * @param recipes compacted recipe versions (in and out)
 * @param prepared prepared datasets (in: seals)
 * @param requests training requests (out)
 * @param jobs job statuses (out: QUEUED; in: which runs exist)
 * @param sweeps sweep states (out: a sweep's first state; in: which runs exist)
 * @param reports stage reports (out: a dataset whose recipe cannot run)
 */
public record RecipeTopics(String recipes, String prepared, String requests, String jobs, String sweeps,
        String reports) {

    /** @return the names under a prefix */
    public static RecipeTopics of(String prefix) {
        return new RecipeTopics(Topics.name(prefix, Topics.TRAINING_RECIPES), Topics.name(prefix, Topics.DATASETS_PREPARED),
                Topics.name(prefix, Topics.TRAINING_REQUESTS), Topics.name(prefix, Topics.TRAINING_JOBS),
                Topics.name(prefix, Topics.SWEEPS), Topics.name(prefix, Topics.DATASETS_REPORTS));
    }
}
