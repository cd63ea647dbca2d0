package io.tunestream.schemas;

import org.junit.jupiter.api.Test;

import io.tunestream.events.JobStatus;
import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicsTest {

    @Test
    void shouldPrefixNamesWhenPrefixIsGiven() {
        assertThat(Topics.name("acme.", Topics.DATASETS_RAW)).isEqualTo("acme.datasets.raw");
        assertThat(Topics.name(null, Topics.MODELS)).isEqualTo("tunestream.models");
        assertThat(Topics.dlq("tunestream.datasets.raw")).isEqualTo("tunestream.datasets.raw.dlq");
    }

    @Test
    void shouldListEachTopicOnceWhenEnumeratingAll() {
        assertThat(new HashSet<>(Topics.all())).hasSameSizeAs(Topics.all());
        assertThat(Topics.all()).containsAll(Topics.consumed());
        assertThat(Topics.isCompacted(Topics.MODELS)).isTrue();
        assertThat(Topics.isCompacted(Topics.TRAINING_METRICS)).isFalse();
        assertThat(Topics.isCompacted(Topics.SWEEPS)).isTrue();
        assertThat(Topics.consumed()).contains(Topics.SWEEPS);
    }

    @Test
    void shouldDeclareTypesPolicyAndDlqWhenTopicIsInRegistry() {
        // Given the registry's declaration of the job statuses and of the registry's input log
        TopicDefinition<?> jobs = TopicRegistry.of(Topics.TRAINING_JOBS);
        TopicDefinition<?> commands = TopicRegistry.of(Topics.REGISTRY_COMMANDS);

        // Then each names its types, policy, partitions and DLQ
        assertThat(jobs.valueType()).isEqualTo(JobStatus.class);
        assertThat(jobs.compacted()).isTrue();
        assertThat(jobs.dlqName("acme.")).isEqualTo("acme.training.jobs.dlq");
        assertThat(commands.name(null)).isEqualTo("tunestream.registry.commands");
        assertThat(commands.defaultPartitions()).isEqualTo(TopicRegistry.DEFAULT_PARTITIONS);
        assertThat(Topics.consumed()).contains(Topics.REGISTRY_COMMANDS).doesNotContain(Topics.DEPLOYMENTS);
        assertThatThrownBy(() -> TopicRegistry.DEPLOYMENTS.dlqName(null)).hasMessageContaining("no DLQ");
        assertThatThrownBy(() -> TopicRegistry.of("nope")).hasMessageContaining("unknown topic");
    }

    @Test
    void shouldSplitKeyBackWhenBuiltFromIdAndVersion() {
        String key = DatasetKeys.of("spam-assassin", "2026.11");
        assertThat(key).isEqualTo("spam-assassin@2026.11");
        assertThat(DatasetKeys.datasetId(key)).isEqualTo("spam-assassin");
        assertThat(DatasetKeys.version(key)).isEqualTo("2026.11");
    }

    @Test
    void shouldRejectIdWhenItHasUnsafeCharacters() {
        assertThatThrownBy(() -> DatasetKeys.of("../etc", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("datasetId");
        assertThatThrownBy(() -> DatasetKeys.of("ok", "")).hasMessageContaining("version");
    }
}
