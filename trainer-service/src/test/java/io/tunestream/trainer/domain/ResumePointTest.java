package io.tunestream.trainer.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResumePointTest {

    private static ResumePoint atStep40() {
        return ResumePoint.builder().fingerprint("f1").step(40).position(2, 7).earlyStopping(0.91, 30, 1)
                .metrics(Map.of("accuracy", 0.9)).bestMetrics(Map.of("accuracy", 0.91)).build();
    }

    @Test
    void shouldStartUnpublishedWithoutAKeptStepWhenBuilt() {
        ResumePoint point = atStep40();

        assertThat(point.epoch()).isEqualTo(2);
        assertThat(point.cursor()).isEqualTo(7);
        assertThat(point.bestStep()).isEqualTo(30);
        assertThat(point.sinceImprovement()).isEqualTo(1);
        assertThat(point.checkpointPublished()).isFalse();
        assertThat(point.finalPublished()).isFalse();
        assertThat(point.keptStep()).isEqualTo(-1);
        assertThat(point.toBuilder().build()).isEqualTo(point);
    }

    @Test
    void shouldChangeOnlyThePublicationWhenMarkedPublishedOrFinished() {
        ResumePoint point = atStep40();

        assertThat(point.published()).isEqualTo(point.toBuilder().checkpointPublished(true).build());
        ResumePoint done = point.finished(30, Map.of("accuracy", 0.92), true);
        assertThat(done.finalPublished()).isTrue();
        assertThat(done.keptStep()).isEqualTo(30);
        assertThat(done.stoppedEarly()).isTrue();
        assertThat(done.bestMetrics()).containsEntry("accuracy", 0.92);
        assertThat(done.metrics()).isEqualTo(point.metrics());
        assertThat(done.step()).isEqualTo(40);
    }

    @Test
    void shouldReadAResumeFileWrittenBeforeTheBuilderExisted() throws Exception {
        // Given resume.json as the positional constructor's record wrote it
        String json = "{\"fingerprint\":\"f1\",\"step\":40,\"epoch\":2,\"cursor\":7,\"best\":0.91,"
                + "\"bestStep\":30,\"sinceImprovement\":1,\"metrics\":{\"accuracy\":0.9},"
                + "\"bestMetrics\":{\"accuracy\":0.91},\"checkpointPublished\":false,\"finalPublished\":false,"
                + "\"keptStep\":-1,\"stoppedEarly\":false}";

        // When / Then
        assertThat(new ObjectMapper().readValue(json, ResumePoint.class)).isEqualTo(atStep40());
    }
}
