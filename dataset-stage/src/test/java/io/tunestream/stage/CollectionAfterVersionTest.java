package io.tunestream.stage;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a stage collects its heap after a version: the second punctuation after a large seal, once. */
class CollectionAfterVersionTest {

    @Test
    void shouldCollectAtTheSecondTickAfterALargeVersionAndOnlyOnce() {
        CollectionAfterVersion collection = new CollectionAfterVersion(1000);
        assertThat(collection.tick()).isFalse();

        collection.sealed(1500);

        // the first tick may come before the seal's commit in the same loop of the stage thread
        assertThat(collection.tick()).isFalse();
        assertThat(collection.tick()).isTrue();
        assertThat(collection.tick()).isFalse();
        assertThat(collection.tick()).isFalse();
    }

    @Test
    void shouldNotCollectAfterASmallVersionOrWhenTurnedOff() {
        CollectionAfterVersion collection = new CollectionAfterVersion(1000);
        collection.sealed(999);
        assertThat(collection.tick()).isFalse();
        assertThat(collection.tick()).isFalse();

        CollectionAfterVersion off = new CollectionAfterVersion(0);
        off.sealed(1_000_000);
        assertThat(off.tick()).isFalse();
        assertThat(off.tick()).isFalse();
    }

    @Test
    void shouldReadTheSettingOrFallBackAndNameItWhenNegative() {
        assertThat(CollectionAfterVersion.of(Map.of()).records()).isEqualTo(CollectionAfterVersion.DEFAULT_RECORDS);
        assertThat(CollectionAfterVersion.of(Map.of(CollectionAfterVersion.RECORDS_CONFIG, "0")).records()).isZero();
        assertThatThrownBy(() -> CollectionAfterVersion.of(Map.of(CollectionAfterVersion.RECORDS_CONFIG, "-5")))
                .hasMessage("dataset.collect.after.records must be at least 0, got -5");
    }
}
