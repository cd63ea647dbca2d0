package io.tunestream.trainer.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RecipeReferenceTest {

    @Test
    void shouldReadLatestOrPinnedVersionWhenTheReferenceIsParsed() {
        // Given / When
        RecipeReference latest = RecipeReference.parse("spam");
        RecipeReference pinned = RecipeReference.parse("spam@3");

        // Then
        assertThat(latest).isEqualTo(new RecipeReference("spam", OptionalInt.empty()));
        assertThat(pinned).isEqualTo(new RecipeReference("spam", OptionalInt.of(3)));
        assertThat(pinned).hasToString("spam@3");
    }

    @Test
    void shouldRefuseWithTheRuleWhenTheReferenceIsMalformed() {
        assertThatThrownBy(() -> RecipeReference.parse("spam@0")).hasMessageContaining("whole number >= 1, got '0'");
        assertThatThrownBy(() -> RecipeReference.parse("spam@x")).hasMessageContaining("got 'x'");
        assertThatThrownBy(() -> RecipeReference.parse("../etc")).hasMessageContaining("recipe name '../etc'");
        assertThatThrownBy(() -> RecipeReference.parse(" ")).hasMessageContaining("empty");
    }
}
