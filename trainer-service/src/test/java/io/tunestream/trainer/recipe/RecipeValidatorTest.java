package io.tunestream.trainer.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.TrainingRecipe;
import io.tunestream.trainer.domain.TrainingRequestValidator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecipeValidatorTest {

    private final RecipeValidator validator = new RecipeValidator(new TrainingRequestValidator());

    @Test
    void shouldAcceptARecipeWhenItsRequestWouldBeValid() {
        assertThat(validator.problems(Recipes.lora("spam", 1).build())).isEmpty();
    }

    @Test
    void shouldRefuseWithTheTrainersOwnMessagesWhenBaseModelOrBoundsAreWrong() {
        // Given a base model that is not there, and settings over their bounds
        TrainingRecipe.Builder recipe = Recipes.lora("spam", 1).setBaseModel("/nowhere/model");
        recipe.getHyperParameters().setBatchSize(100_000);
        recipe.getMethod().setLoraRank(4096);

        // When
        var problems = validator.problems(recipe.build());

        // Then
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("baseModel").contains("/nowhere/model"))
                .anySatisfy(p -> assertThat(p).contains("batchSize").contains("512"))
                .anySatisfy(p -> assertThat(p).contains("loraRank").contains("1024"));
    }

    @Test
    void shouldRefuseBadNamesAndBlessingSettingsWhenTheyBreakTheirRules() {
        // Given
        TrainingRecipe recipe = Recipes.lora("../x", 1).setFollowDatasetId("a/b")
                .setBlessing(Map.of("alpha", "1.5", "minimum", "high", "luck", "1")).build();

        // When
        var problems = validator.problems(recipe);

        // Then
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("name '../x'"))
                .anySatisfy(p -> assertThat(p).startsWith("followDatasetId 'a/b'"))
                .anySatisfy(p -> assertThat(p).isEqualTo("blessing.alpha must be in (0, 1), got 1.5"))
                .anySatisfy(p -> assertThat(p).isEqualTo("blessing.minimum must be a number, got 'high'"))
                .anySatisfy(p -> assertThat(p).startsWith("blessing.luck is not a blessing setting"));
    }
}
