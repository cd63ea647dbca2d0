package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tunestream.kafka.toolkit.TopicSpec;

class StackTopicsTest {

    @Test
    void shouldListDesignTopicsWithDeadLetterTopicsWhenDefault() {
        // Given
        StackTopics catalog = StackTopics.defaults();

        // When
        List<TopicSpec> topics = catalog.topics();

        // Then
        assertThat(topics).extracting(TopicSpec::name)
                .contains("tunestream.datasets.ingest", "tunestream.datasets.prepared", "tunestream.models",
                        "tunestream.deployments", "tunestream.datasets.raw.dlq", "tunestream.training.requests.dlq",
                        "tunestream.registry.commands", "tunestream.registry.commands.dlq")
                .doesNotContain("tunestream.deployments.dlq", "tunestream.scoring.results.dlq")
                .doesNotHaveDuplicates()
                .allMatch(name -> name.startsWith("tunestream."));
        // 21 topics and 17 DLQs (schemas, datasets.index, scoring.results and deployments have none)
        assertThat(topics).hasSize(21 + 17);
        assertThat(topics).filteredOn(TopicSpec::compacted).extracting(TopicSpec::name)
                .containsExactlyInAnyOrder("tunestream.datasets.catalog", "tunestream.training.jobs", "tunestream.models",
                        "tunestream.training.sweeps", "tunestream.training.recipes", "tunestream.schemas",
                        "tunestream.datasets.index");
        assertThat(topics).filteredOn(t -> t.name().endsWith(".dlq")).allMatch(t -> t.partitions() == 1);
    }

    @Test
    void shouldApplyPrefixAndPartitionsWhenGiven() {
        // Given
        StackTopics catalog = new StackTopics("acme.", 6);

        // When
        List<TopicSpec> topics = catalog.topics();

        // Then
        assertThat(topics).first().isEqualTo(new TopicSpec("acme.datasets.ingest", 6, false, Map.of()));
    }
}
