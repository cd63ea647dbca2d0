package io.tunestream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resume store's epoch fence, on files alone: claims, conditional commits and clears, file names per epoch. */
class ResumeStoreFencingTest {

    @TempDir
    Path dir;

    private static ResumePoint at(long step) {
        return ResumePoint.builder().fingerprint("f").step(step).build();
    }

    @Test
    void shouldRefuseACommitOfAnOlderEpochOnceANewerOneClaimedTheStore() {
        // Given epoch 0 committed step 4, then epoch 1 claimed the store and committed step 8
        ResumeStore old = new ResumeStore(dir, 0);
        old.claim();
        old.commit(at(4));
        ResumeStore current = new ResumeStore(dir, 1);
        current.claim();
        current.commit(at(8).toBuilder().jobEpoch(1).build());

        // When the older epoch commits again
        assertThatThrownBy(() -> old.commit(at(12))).isInstanceOf(JobSupersededException.class)
                .hasMessageContaining("belongs to epoch 1");

        // Then the newer point stands, and the older epoch can claim nothing back
        assertThat(old.latest()).hasValueSatisfying(p -> assertThat(p.step()).isEqualTo(8));
        assertThatThrownBy(old::claim).isInstanceOf(JobSupersededException.class);
        assertThat(old.owner()).hasValue(1);
    }

    @Test
    void shouldLetTheSameEpochClaimAgainAndANewerOneClearWhenTheJobEnded() {
        // Given a store claimed by epoch 2
        new ResumeStore(dir, 2).claim();

        // When the same epoch claims again (a crash and restart of the same run) and the job ends
        ResumeStore again = new ResumeStore(dir, 2);
        again.claim();

        // Then an older epoch may not clear it, the owner may
        assertThat(new ResumeStore(dir, 1).clear()).isFalse();
        assertThat(Files.exists(dir)).isTrue();
        assertThat(again.clear()).isTrue();
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void shouldNameATakeoverRunsTensorFilesByItsEpochAndTheFirstRunsAsBefore() {
        // Given
        ResumeStore first = new ResumeStore(dir);
        ResumeStore takeover = new ResumeStore(dir, 3);

        // Then
        assertThat(first.stateFile(4)).isEqualTo(dir.resolve("state-4.safetensors"));
        assertThat(takeover.stateFile(4)).isEqualTo(dir.resolve("state-4-e3.safetensors"));
        assertThat(first.bestFile(at(4).toBuilder().jobEpoch(3).build())).isEqualTo(dir.resolve("best-4-e3.safetensors"));
    }
}
