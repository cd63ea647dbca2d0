package io.tunestream.kafka.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** The key's partition is the producer's: murmur2 of the UTF-8 key, as Kafka computes it. */
class KeyPartitionsTest {

    @Test
    void shouldPickTheDefaultPartitionersPartitionWhenGivenAStringKey() {
        // Given keys of tunestream's shapes, including non-ASCII ones
        for (String key : new String[] {"spam-assassin@2026.11", "job-42", "sweep-α", "诗@1"}) {
            for (int partitions : new int[] {1, 3, 7, 12}) {
                // When / Then: the same as murmur2 over the UTF-8 bytes, positive, modulo the count
                int expected = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
                assertThat(KeyPartitions.partitionFor(key, partitions)).isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldRefuseWhenKeyIsMissingOrCountIsZero() {
        assertThatThrownBy(() -> KeyPartitions.partitionFor((String) null, 3)).hasMessageContaining("without a key");
        assertThatThrownBy(() -> KeyPartitions.partitionFor("k", 0)).hasMessageContaining("at least one partition");
    }
}
