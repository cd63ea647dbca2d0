package io.tunestream.augment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EdaOperationsTest {

    private static final WordNetSynonyms WORDNET = new WordNetSynonyms();
    private static final StopWords STOP = StopWords.english();
    /** WordNet 3.1 synonyms of the adjective "good" (all its adjective senses). */
    private static final Set<String> GOOD_ADJECTIVE = Set.of("full", "estimable", "honorable", "respectable",
            "beneficial", "just", "upright", "adept", "expert", "practiced", "proficient", "skillful", "skilful",
            "dear", "near", "dependable", "safe", "secure", "right", "ripe", "well", "effective", "in effect",
            "in force", "serious", "sound", "salutary", "honest", "unspoiled", "unspoilt");

    private static List<String> apply(AugmentationOperation op, String text, long seed) {
        List<String> tokens = Tokens.split(text);
        op.apply(tokens, new SplittableRandom(seed));
        return tokens;
    }

    /** Whether {@code sub} is {@code full} with some elements removed (order kept). */
    private static boolean isSubsequence(List<String> sub, List<String> full) {
        int j = 0;
        for (String s : full) {
            if (j < sub.size() && sub.get(j).equals(s)) {
                j++;
            }
        }
        return j == sub.size();
    }

    @Test
    void shouldReplaceGoodByAWordNetSynonymWhenItIsTheOnlyContentWord() {
        // Given a sentence where "good" is the only non-stop word
        var op = new SynonymReplacement(0.1, WORDNET, STOP);
        Set<String> seen = new HashSet<>();

        // When applied with 20 seeds
        for (long seed = 0; seed < 20; seed++) {
            List<String> out = apply(op, "This is so good!", seed);
            // Then stop words stay, punctuation stays, and the word is one of WordNet's synonyms
            assertThat(out.subList(0, 3)).containsExactly("This", "is", "so");
            String replaced = String.join(" ", out.subList(3, out.size()));
            assertThat(replaced).endsWith("!");
            assertThat(replaced.substring(0, replaced.length() - 1)).isIn(GOOD_ADJECTIVE);
            seen.add(replaced);
        }
        assertThat(seen).hasSizeGreaterThan(3);
    }

    @Test
    void shouldGiveTheSameResultWhenSeedIsTheSame() {
        var op = new SynonymReplacement(0.3, WORDNET, STOP);
        String text = "The quick brown fox jumps over the lazy dog near the old river bank";
        assertThat(apply(op, text, 7)).isEqualTo(apply(op, text, 7));
        assertThat(apply(op, text, 7)).isNotEqualTo(apply(op, text, 8));
    }

    @Test
    void shouldNeverTouchStopWordsWhenReplacingSynonyms() {
        // Given a sentence with many stop words and a high rate
        var op = new SynonymReplacement(0.9, WORDNET, STOP);
        List<String> original = Tokens.split("I will not be there when the meeting starts, but you should go to it");

        for (long seed = 0; seed < 10; seed++) {
            List<String> out = apply(op, String.join(" ", original), seed);
            // Then every stop word is where it was
            assertThat(out).hasSameSizeAs(original);
            for (int i = 0; i < original.size(); i++) {
                if (STOP.contains(Tokens.word(original.get(i)))) {
                    assertThat(out.get(i)).isEqualTo(original.get(i));
                }
            }
            assertThat(out).isNotEqualTo(original);
        }
    }

    @Test
    void shouldChooseSynonymsByPartOfSpeechWhenContextTellsIt() {
        assertThat(WORDNET.synonyms("run", "the")).contains("trial", "footrace").doesNotContain("scarper");
        assertThat(WORDNET.synonyms("run", "to")).contains("scarper", "operate").doesNotContain("footrace");
        assertThat(WORDNET.synonyms("running", "is")).contains("operate"); // inflected: looked up as "run"
        assertThat(WORDNET.synonyms("xylqwz", null)).isEmpty();
    }

    @Test
    void shouldInsertSynonymsOfSentenceWordsWhenInserting() {
        // Given
        var op = new RandomInsertion(0.25, WORDNET, STOP);
        List<String> original = Tokens.split("The film was good");

        // When
        List<String> out = apply(op, "The film was good", 3);

        // Then one word (max(1, 0.25 * 4)) was inserted, the original tokens kept in order
        assertThat(out).hasSize(original.size() + 1);
        assertThat(isSubsequence(original, out)).isTrue();
        List<String> inserted = new ArrayList<>(out);
        original.forEach(inserted::remove);
        Set<String> allowed = new HashSet<>(WORDNET.synonyms("film", "The"));
        allowed.addAll(WORDNET.synonyms("good", "was"));
        assertThat(inserted).singleElement().isIn(allowed).isNotEqualTo("placeholder");
    }

    @Test
    void shouldPermuteTokensWhenSwapping() {
        List<String> original = Tokens.split("one two three four five six seven eight nine ten");
        List<String> out = apply(new RandomSwap(0.2), String.join(" ", original), 1);
        assertThat(out).containsExactlyInAnyOrderElementsOf(original).isNotEqualTo(original);
        assertThat(apply(new RandomSwap(0.2), String.join(" ", original), 1)).isEqualTo(out);
    }

    @Test
    void shouldDeleteTokensButNeverAllWhenDeleting() {
        List<String> original = Tokens.split("one two three four five six seven eight nine ten");
        List<String> some = apply(new RandomDeletion(0.3), String.join(" ", original), 4);
        List<String> most = apply(new RandomDeletion(0.99), String.join(" ", original), 4);
        assertThat(some).hasSizeLessThan(original.size()).isNotEmpty();
        assertThat(isSubsequence(some, original)).isTrue();
        assertThat(most).hasSize(1);
        assertThat(apply(new RandomDeletion(0.99), "alone", 4)).containsExactly("alone");
    }
}
