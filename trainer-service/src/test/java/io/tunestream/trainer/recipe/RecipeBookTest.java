package io.tunestream.trainer.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.TrainingRecipe;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipeBookTest {

    @Test
    void shouldNeverReuseAVersionWhenANameIsDeletedAndCreatedAgain() {
        // Given spam 1, 2, deleted at 3
        RecipeBook deleted = new RecipeBook(List.of(Recipes.lora("spam", 2).build(), Recipes.lora("spam", 1).build(),
                Recipes.deleted("spam", 3)));

        // When / Then
        assertThat(deleted.latest("spam")).isEmpty();
        assertThat(deleted.isDeleted("spam")).isTrue();
        assertThat(deleted.nextVersion("spam")).isEqualTo(4);
        assertThat(deleted.live()).isEmpty();
        assertThat(deleted.versions("spam")).extracting(TrainingRecipe::getVersion).containsExactly(1, 2, 3);
        // and once created again, the new version is the latest
        RecipeBook again = new RecipeBook(List.of(Recipes.lora("spam", 1).build(), Recipes.deleted("spam", 2),
                Recipes.lora("spam", 3).build()));
        assertThat(again.latest("spam")).get().extracting(TrainingRecipe::getVersion).isEqualTo(3);
        assertThat(new RecipeBook(List.of()).nextVersion("new")).isEqualTo(1);
    }
}
