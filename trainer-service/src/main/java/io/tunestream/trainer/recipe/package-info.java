/**
 * Training recipes, pure: a recipe reference as a dataset names it ({@link io.tunestream.trainer.recipe.RecipeReference}),
 * the recipes known from the compacted {@code training.recipes} topic ({@link io.tunestream.trainer.recipe.RecipeBook}),
 * the checks a recipe passes before it is stored ({@link io.tunestream.trainer.recipe.RecipeValidator}), the requests a
 * recipe makes for one dataset version ({@link io.tunestream.trainer.recipe.RecipeRequests}), and what to do when a
 * prepared seal arrives ({@link io.tunestream.trainer.recipe.RecipeTrigger}). No Kafka, no HTTP: the messaging and REST
 * layers move what these decide.
 */
package io.tunestream.trainer.recipe;
