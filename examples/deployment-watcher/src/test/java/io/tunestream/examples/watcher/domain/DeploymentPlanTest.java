package io.tunestream.examples.watcher.domain;

import io.tunestream.events.DeploymentAction;
import io.tunestream.events.DeploymentEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentPlanTest {

    @Test
    void shouldDescribeTheAliasWhenARollbackArrives() {
        // Given
        DeploymentEvent rollback = event(DeploymentAction.ROLLBACK, "champion").setVersion(1).setPreviousVersion(2)
                .build();

        // When
        DeploymentPlan plan = DeploymentPlan.of(rollback, 2, 41);

        // Then
        assertThat(plan.skip()).isEmpty();
        AliasState state = plan.state().orElseThrow();
        assertThat(state.version()).isEqualTo(1);
        assertThat(state.previousVersion()).isEqualTo(2);
        assertThat(state.action()).isEqualTo("ROLLBACK");
        assertThat(state.artifactUri()).isEqualTo("http://registry:8080/api/models/spam/versions/1/artifact");
        assertThat(state.position()).isEqualTo(new EventPosition(2, 41, 1_700_000_000_000L));
        assertThat(state.resources()).containsEntry("nvidia.com/gpu", "1");
    }

    @Test
    void shouldChangeNoObjectAndSayWhyWhenTheEventMovesNoAlias() {
        // When
        DeploymentPlan archive = DeploymentPlan.of(event(DeploymentAction.ARCHIVE, null).build(), 0, 1);
        DeploymentPlan noAlias = DeploymentPlan.of(event(DeploymentAction.PROMOTE, null).build(), 0, 2);
        DeploymentPlan badAlias = DeploymentPlan.of(event(DeploymentAction.PROMOTE, "../x").build(), 0, 3);

        // Then
        assertThat(archive.skip()).contains(DeploymentPlan.Skip.ARCHIVE);
        assertThat(noAlias.skip()).contains(DeploymentPlan.Skip.INVALID);
        assertThat(badAlias.skip()).contains(DeploymentPlan.Skip.INVALID);
        assertThat(archive.state()).isEmpty();
        assertThat(DeploymentPlan.Skip.INVALID.reason()).isEqualTo("invalid-event");
    }

    private static DeploymentEvent.Builder event(DeploymentAction action, String alias) {
        return DeploymentEvent.newBuilder().setEventId("ev-1").setModelName("spam").setVersion(1).setAlias(alias)
                .setAction(action).setArtifactUri("http://registry:8080/api/models/spam/versions/1/artifact")
                .setArtifactSha256("ab".repeat(32)).setResources(Map.of("nvidia.com/gpu", "1"))
                .setActor("admin-token").setProducedAt(Instant.ofEpochMilli(1_700_000_000_000L));
    }
}
