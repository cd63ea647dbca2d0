package io.tunestream.trainer.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.ParameterKind;
import io.tunestream.events.ParameterSpec;
import io.tunestream.events.PromotionPolicy;
import io.tunestream.events.RecipeSweep;
import io.tunestream.events.ResourceUnit;
import io.tunestream.events.SchedulerConfig;
import io.tunestream.events.SchedulerKind;
import io.tunestream.events.SearchAlgorithm;
import io.tunestream.events.SweepMode;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRecipe;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecipeTriggerTest {

    private static final Instant SEALED = Instant.parse("2026-12-06T05:00:00Z");
    private final RecipeTrigger trigger = new RecipeTrigger();

    @Test
    void shouldRequestOneJobOfTheLatestVersionWhenTheSealNamesARecipe() {
        // Given
        RecipeBook book = new RecipeBook(List.of(Recipes.lora("spam", 1).build(), Recipes.lora("spam", 2).build()));

        // When
        List<RecipeDecision> decisions = trigger.onPreparedSeal(seal("mail", "7", Map.of("recipe", "spam")), book,
                id -> false);

        // Then
        assertThat(decisions).singleElement().isInstanceOfSatisfying(RecipeDecision.Train.class, train -> {
            assertThat(train.request().getJobId()).isEqualTo("recipe-spam-2-mail-7");
            assertThat(train.request().getDatasetId()).isEqualTo("mail");
            assertThat(train.request().getDatasetVersion()).isEqualTo("7");
            assertThat(train.request().getModelName()).isEqualTo("spam-filter");
            assertThat(train.request().getRequestedBy()).isEqualTo("recipe");
            assertThat(train.request().getRequestedAt()).isEqualTo(SEALED);
            assertThat(train.request().getRecipe().getName()).isEqualTo("spam");
            assertThat(train.request().getRecipe().getVersion()).isEqualTo(2);
            assertThat(train.request().getRecipe().getPromotion()).isEqualTo(PromotionPolicy.CHAMPION);
            assertThat(train.request().getHyperParameters().getMaxSteps()).isEqualTo(24);
        });
    }

    @Test
    void shouldUseThePinnedVersionWhenTheSealNamesOne() {
        // Given
        TrainingRecipe.Builder worse = Recipes.lora("spam", 2);
        worse.getHyperParameters().setMaxSteps(1);
        RecipeBook book = new RecipeBook(List.of(Recipes.lora("spam", 1).build(), worse.build()));

        // When
        List<RecipeDecision> decisions = trigger.onPreparedSeal(seal("mail", "7", Map.of("recipe", "spam@1")), book,
                id -> false);

        // Then
        assertThat(decisions).singleElement().isInstanceOfSatisfying(RecipeDecision.Train.class,
                train -> {
                    assertThat(train.request().getRecipe().getVersion()).isEqualTo(1);
                    assertThat(train.request().getHyperParameters().getMaxSteps()).isEqualTo(24);
                });
    }

    @Test
    void shouldStartNothingWhenTheSameSealArrivesAgain() {
        // Given a run made from an earlier delivery of the seal
        RecipeBook book = new RecipeBook(List.of(Recipes.lora("spam", 1).build()));
        Set<String> started = Set.of("recipe-spam-1-mail-7");

        // When
        List<RecipeDecision> decisions = trigger.onPreparedSeal(seal("mail", "7", Map.of("recipe", "spam")), book,
                started::contains);

        // Then
        assertThat(decisions).containsExactly(new RecipeDecision.AlreadyStarted("spam", "recipe-spam-1-mail-7"));
    }

    @Test
    void shouldRefuseWithAReasonWhenTheNamedRecipeIsMissingDeletedOrMalformed() {
        // Given
        RecipeBook book = new RecipeBook(List.of(Recipes.lora("spam", 1).build(), Recipes.lora("old", 1).build(),
                Recipes.deleted("old", 2)));

        // When / Then
        assertThat(refusal(book, "nope")).contains("names recipe nope, but there is no recipe named nope")
                .contains("nothing was trained");
        assertThat(refusal(book, "old")).contains("recipe old was deleted");
        assertThat(refusal(book, "spam@4")).contains("recipe spam has no version 4 (latest is 1)");
        assertThat(refusal(book, "spam@zero")).contains("not a recipe reference");
    }

    @Test
    void shouldRefuseWhenTheRecipesTaskIsNotTheDatasets() {
        // Given
        RecipeBook book = new RecipeBook(List.of(Recipes.lora("lm", 1).setTask(Task.CAUSAL_LM).build()));

        // When
        String reason = refusal(book, "lm");

        // Then
        assertThat(reason).contains("recipe lm trains CAUSAL_LM but dataset mail@7 is sealed for task CLASSIFICATION");
    }

    @Test
    void shouldTrainEveryNewVersionUnderEachFollowerWhenRecipesFollowTheDataset() {
        // Given recipe a follows the dataset and is also named; b follows it; c follows another one
        RecipeBook book = new RecipeBook(List.of(Recipes.lora("a", 1).setFollowDatasetId("mail").build(),
                Recipes.lora("b", 3).setFollowDatasetId("mail").build(),
                Recipes.lora("c", 1).setFollowDatasetId("news").build()));

        // When
        List<RecipeDecision> named = trigger.onPreparedSeal(seal("mail", "8", Map.of("recipe", "a")), book, id -> false);
        List<RecipeDecision> unnamed = trigger.onPreparedSeal(seal("mail", "9", Map.of()), book, id -> false);

        // Then
        assertThat(named).extracting(d -> ((RecipeDecision.Train) d).request().getJobId())
                .containsExactly("recipe-a-1-mail-8", "recipe-b-3-mail-8");
        assertThat(unnamed).extracting(d -> ((RecipeDecision.Train) d).request().getJobId())
                .containsExactly("recipe-a-1-mail-9", "recipe-b-3-mail-9");
        assertThat(trigger.onPreparedSeal(seal("other", "1", Map.of()), book, id -> false)).isEmpty();
    }

    @Test
    void shouldStartASweepWhenTheRecipesTrainingStepIsOne() {
        // Given
        RecipeSweep sweep = RecipeSweep.newBuilder().setSpace(List.of(ParameterSpec.newBuilder().setName("learningRate")
                        .setKind(ParameterKind.GRID).setLow(null).setHigh(null).setValues(List.of("0.001", "0.0001")).build()))
                .setAlgorithm(SearchAlgorithm.GRID).setScheduler(SchedulerConfig.newBuilder().setKind(SchedulerKind.NONE)
                        .setResourceUnit(ResourceUnit.EVALUATIONS).build())
                .setNumTrials(2).setMaxConcurrentTrials(2).setMetric("val_loss").setMode(SweepMode.MIN).build();
        RecipeBook book = new RecipeBook(List.of(Recipes.lora("swept", 1).setSweep(sweep).build()));

        // When
        List<RecipeDecision> decisions = trigger.onPreparedSeal(seal("mail", "7", Map.of("recipe", "swept")), book,
                id -> false);

        // Then
        assertThat(decisions).singleElement().isInstanceOfSatisfying(RecipeDecision.Sweep.class, s -> {
            assertThat(s.request().getSweepId()).isEqualTo("recipe-swept-1-mail-7");
            assertThat(s.request().getNumTrials()).isEqualTo(2);
            assertThat(s.request().getRecipe().getName()).isEqualTo("swept");
        });
    }

    @Test
    void shouldDeriveAShortStableIdWhenNamesAreLong() {
        // Given
        TrainingRecipe recipe = Recipes.lora("r".repeat(80), 1).build();

        // When
        String first = RecipeRequests.runId(recipe, "d".repeat(60), "1");
        String again = RecipeRequests.runId(recipe, "d".repeat(60), "1");

        // Then
        assertThat(first).isEqualTo(again).startsWith("recipe-").hasSize(39);
        assertThat(RecipeRequests.runId(recipe, "d".repeat(60), "2")).isNotEqualTo(first);
    }

    private String refusal(RecipeBook book, String named) {
        List<RecipeDecision> decisions = trigger.onPreparedSeal(seal("mail", "7", Map.of("recipe", named)), book,
                id -> false);
        assertThat(decisions).singleElement().isInstanceOf(RecipeDecision.Refuse.class);
        return ((RecipeDecision.Refuse) decisions.get(0)).reason();
    }

    private static PreparedSeal seal(String datasetId, String version, Map<String, String> config) {
        return new PreparedSeal(datasetId, version, config, SEALED);
    }
}
