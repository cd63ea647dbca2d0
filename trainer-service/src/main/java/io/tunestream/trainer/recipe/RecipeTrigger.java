package io.tunestream.trainer.recipe;

import io.tunestream.events.TrainingRecipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides what a prepared seal starts. A dataset version trains under the recipe its seal names ({@code recipe=NAME}:
 * the latest version; {@code NAME@VERSION}: that one) and under every live recipe that follows its dataset id
 * (continuous training; the named recipe counts once). Each recipe gives one run whose id derives from the recipe and
 * dataset versions ({@link RecipeRequests#runId}); a run that exists already starts nothing, so the same seal seen
 * again (restart, rebalance, another replica) never trains twice. A recipe that cannot be used (unknown, deleted,
 * malformed reference, another task than the dataset's) is refused with a reason for the dataset's report.
 */
public final class RecipeTrigger {

    /**
     * @param seal the prepared seal
     * @param book the recipes known now (read up to the end of the recipes topic)
     * @param started whether a run id exists already (a job status or a sweep state of that id)
     * @return one decision per recipe concerned, the named recipe first; empty when none is
     */
    public List<RecipeDecision> onPreparedSeal(PreparedSeal seal, RecipeBook book, Predicate<String> started) {
        List<RecipeDecision> decisions = new ArrayList<>();
        String named = seal.config().get(RecipeReference.CONFIG_KEY);
        String namedName = null;
        if (named != null && !named.isBlank()) {
            try {
                RecipeReference ref = RecipeReference.parse(named.strip());
                namedName = ref.name();
                Optional<TrainingRecipe> recipe = resolve(ref, book, decisions, seal);
                recipe.ifPresent(r -> decisions.add(run(r, seal, started, named.strip())));
            } catch (IllegalArgumentException e) {
                decisions.add(new RecipeDecision.Refuse(named, "dataset " + seal.name() + " names recipe '" + named
                        + "', which is not a recipe reference: " + e.getMessage()));
            }
        }
        for (TrainingRecipe follower : book.followers(seal.datasetId())) {
            if (!follower.getName().equals(namedName)) {
                decisions.add(run(follower, seal, started, follower.getName() + "@" + follower.getVersion()));
            }
        }
        return decisions;
    }

    private static Optional<TrainingRecipe> resolve(RecipeReference ref, RecipeBook book, List<RecipeDecision> out,
            PreparedSeal seal) {
        String why;
        if (book.isDeleted(ref.name())) {
            why = "recipe " + ref.name() + " was deleted";
        } else if (ref.version().isEmpty()) {
            Optional<TrainingRecipe> latest = book.latest(ref.name());
            if (latest.isPresent()) {
                return latest;
            }
            why = "there is no recipe named " + ref.name();
        } else {
            Optional<TrainingRecipe> pinned = book.version(ref.name(), ref.version().getAsInt());
            if (pinned.isPresent() && !pinned.get().getDeleted()) {
                return pinned;
            }
            why = pinned.isPresent() ? "version " + ref.version().getAsInt() + " of recipe " + ref.name()
                    + " is a delete marker" : book.latest(ref.name()).map(l -> "recipe " + ref.name() + " has no version " + ref.version().getAsInt()
                    + " (latest is " + l.getVersion() + ")").orElse("there is no recipe named " + ref.name());
        }
        out.add(new RecipeDecision.Refuse(ref.toString(), "dataset " + seal.name() + " names recipe " + ref + ", but "
                + why + "; nothing was trained"));
        return Optional.empty();
    }

    private static RecipeDecision run(TrainingRecipe recipe, PreparedSeal seal, Predicate<String> started, String as) {
        if (!recipe.getTask().name().equals(seal.task())) {
            return new RecipeDecision.Refuse(as, "recipe " + as + " trains " + recipe.getTask() + " but dataset "
                    + seal.name() + " is sealed for task " + seal.task() + "; nothing was trained");
        }
        String runId = RecipeRequests.runId(recipe, seal.datasetId(), seal.version());
        if (started.test(runId)) {
            return new RecipeDecision.AlreadyStarted(as, runId);
        }
        return recipe.getSweep() == null
                ? new RecipeDecision.Train(recipe, RecipeRequests.training(recipe, seal.datasetId(), seal.version(),
                        seal.sealedAt()))
                : new RecipeDecision.Sweep(recipe, RecipeRequests.sweep(recipe, seal.datasetId(), seal.version(),
                        seal.sealedAt()));
    }
}
