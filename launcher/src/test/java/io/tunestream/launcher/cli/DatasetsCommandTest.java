package io.tunestream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code tunestream datasets} says of a version's stage reports. */
class DatasetsCommandTest {

    @Test
    void shouldShowTheRecipeRefusalAsTheNoteWhenAPreparedVersionNamesAMissingRecipe() {
        // Given a prepared version, and the recipe trigger's REJECTED report
        Map<String, StageReport> stages = new LinkedHashMap<>();
        stages.put("recipe", report("recipe", StageStatus.REJECTED, 0,
                "dataset mail@3 names recipe nope, but there is no recipe named nope; nothing was trained"));
        stages.put("ingest", report("ingest", StageStatus.COMPLETED, 300, null));
        stages.put("augment", report("augment", StageStatus.COMPLETED, 280, null));

        // When / Then
        assertThat(DatasetsCommand.stages(stages)).isEqualTo("ingest 300 > augment 280 > recipe REJECTED");
        assertThat(DatasetsCommand.note(stages)).isEqualTo(
                "recipe: dataset mail@3 names recipe nope, but there is no recipe named nope; nothing was trained");
        stages.remove("recipe");
        assertThat(DatasetsCommand.note(stages)).isEqualTo("prepared");
    }

    private static StageReport report(String stage, StageStatus status, long out, String message) {
        return StageReport.newBuilder().setReportId(stage).setDatasetId("mail").setVersion("3").setStage(stage)
                .setRecordsIn(300).setRecordsOut(out).setStatus(status).setMessage(message)
                .setProducedAt(Instant.EPOCH).build();
    }
}
