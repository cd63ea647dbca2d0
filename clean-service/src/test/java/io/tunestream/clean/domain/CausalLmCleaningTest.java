package io.tunestream.clean.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CausalLmCleaningTest {

    private static final CleanConfig LM = CleanConfig.defaults()
            .withText(new TextSettings(true, true, false, PunctuationPolicy.REMOVE, false, false)).forCausalLm();

    @Test
    void shouldKeepCaseAndPunctuationButNormaliseEachPartWhenDataIsCausalLm() {
        // Given: full-width letters (NFKC), a control character, runs of spaces, CJK and punctuation
        var record = TextRecord.pair("1", "Ｔｒａｎｓｌａｔｅ:\u0007  \"Good   Morning!\"", "  早上好！ Bonjour, Monde.\n\n\nFin.");

        // When
        CleanResult result = new CleaningPipeline(LM).run(List.of(record));

        // Then
        assertThat(result.records()).singleElement().satisfies(r -> {
            assertThat(r.prompt()).isEqualTo("Translate: \"Good Morning!\"");
            assertThat(r.completion()).isEqualTo("早上好! Bonjour, Monde.\nFin.");
            assertThat(r.text()).isNull();
            assertThat(r.operations()).contains("clean:nfkc", "clean:whitespace")
                    .doesNotContain("clean:lowercase", "clean:label").noneMatch(op -> op.startsWith("clean:punctuation"));
        });
    }

    @Test
    void shouldDedupeOnThePairNotOnEitherPartWhenDataIsCausalLm() {
        // Given
        List<TextRecord> records = List.of(
                TextRecord.pair("1", "What is 2+2?", "4"),
                TextRecord.pair("2", "What is 2+2?", "Four."),       // same prompt, other completion: kept
                TextRecord.pair("3", "What  is 2+2?", "4"),          // same pair after whitespace folding: dropped
                TextRecord.pair("4", "What is 2+2?4", ""),           // joined strings equal, but a pair differs
                TextRecord.pair("5", "What is 2", "+2?4"));          // joined strings equal, but a pair differs

        // When
        CleanResult result = new CleaningPipeline(LM.withNearDuplicates(nearDuplicatesOff())).run(records);

        // Then
        assertThat(result.records()).extracting(TextRecord::id).containsExactly("1", "2", "5");
        assertThat(result.report().droppedByReason()).containsEntry(DropReason.EXACT_DUPLICATE, 1L)
                .containsEntry(DropReason.EMPTY_TEXT, 1L);
    }

    private static NearDuplicateSettings nearDuplicatesOff() {
        NearDuplicateSettings d = NearDuplicateSettings.defaults();
        return new NearDuplicateSettings(false, d.threshold(), d.numPerms(), d.bands(), d.mode(), d.shingleSize());
    }

    @Test
    void shouldDropNearDuplicatePairsWhenTheyAreAlmostEqual() {
        String completion = "The quick brown fox jumps over the lazy dog near the river bank every single morning at dawn";
        List<TextRecord> records = List.of(TextRecord.pair("1", "Tell me a story.", completion),
                TextRecord.pair("2", "Tell me a story.", completion + "!"));

        CleanResult result = new CleaningPipeline(LM.withNearDuplicates(NearDuplicateSettings.defaults())).run(records);

        assertThat(result.records()).extracting(TextRecord::id).containsExactly("1");
        assertThat(result.report().droppedByReason()).containsEntry(DropReason.NEAR_DUPLICATE, 1L);
    }

    @Test
    void shouldNeitherRequireNorNormaliseLabelsNorBalanceWhenDataIsCausalLm() {
        // Given: undersampling asked for, unlabelled plain texts and one with an odd label
        CleanConfig config = CleanConfig.defaults().withBalance(BalancePolicy.UNDERSAMPLE).forCausalLm();
        List<TextRecord> records = List.of(TextRecord.of("1", "Once upon a time.", null),
                TextRecord.of("2", "The End.", null), TextRecord.of("3", "Chapter One", "  Fiction "));

        // When
        CleanResult result = new CleaningPipeline(config).run(records);

        // Then
        assertThat(config.balance()).isEqualTo(BalancePolicy.NONE);
        assertThat(result.records()).extracting(TextRecord::text)
                .containsExactly("Once upon a time.", "The End.", "Chapter One");
        assertThat(result.records().get(2).label()).isEqualTo("  Fiction ");
        assertThat(result.report().droppedByReason().values()).allMatch(n -> n == 0);
    }
}
