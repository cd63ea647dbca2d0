package io.tunestream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.TrainingMetric;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How `watch` reads the trainer's Server-Sent Events: the stream format, and the same line as from Kafka. */
class JobStreamFollowerTest {

    @Test
    void shouldReadNamedMultiLineAndCommentedEventsWhenTheStreamFollowsTheStandard() throws Exception {
        // Given
        String stream = ": keep-alive\n"
                + "event: status\ndata: {\"state\":\"RUNNING\"}\n\n"
                + "event:metric\ndata:{\"step\":1,\ndata: \"epoch\":0.5}\n\n"
                + "data: unnamed\n\n"
                + "event: ignored-without-data\n\n";
        List<ServiceClient.ServerSentEvent> events = new ArrayList<>();

        // When
        boolean ended = ServerSentEvents.read(input(stream), Duration.ofSeconds(10), events::add);

        // Then
        assertThat(ended).isTrue();
        assertThat(events).containsExactly(new ServiceClient.ServerSentEvent("status", "{\"state\":\"RUNNING\"}"),
                new ServiceClient.ServerSentEvent("metric", "{\"step\":1,\n\"epoch\":0.5}"),
                new ServiceClient.ServerSentEvent("message", "unnamed"));
    }

    @Test
    @Timeout(20)
    void shouldGiveUpWhenTheStreamOutlastsTheTimeout() throws Exception {
        // Given a stream that sends one event and then nothing, without ending
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream body = new PipedInputStream(writer);
        writer.write("event: status\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
        writer.flush();
        List<ServiceClient.ServerSentEvent> events = new ArrayList<>();

        // When
        boolean ended = ServerSentEvents.read(body, Duration.ofMillis(500), events::add);

        // Then
        assertThat(ended).isFalse();
        assertThat(events).hasSize(1);
    }

    @Test
    void shouldDescribeTheTrainersJsonViewsAsTheKafkaEventsWereDescribed() throws Exception {
        // Given the trainer's JSON views (JobView, MetricView)
        JobStatus status = JobStreamFollower.status(ServiceClient.JSON.readTree("{\"jobId\":\"j\",\"state\":\"RUNNING\","
                + "\"step\":10,\"totalSteps\":20,\"progress\":0.5,\"message\":null,\"lastCheckpointId\":\"c-1\",\"epoch\":2}"));
        TrainingMetric metric = JobStreamFollower.metric(ServiceClient.JSON.readTree("{\"jobId\":\"j\",\"step\":10,"
                + "\"epoch\":0.5,\"trainLoss\":1.25,\"valLoss\":null,\"valMetrics\":{\"train_perplexity\":3.4903},"
                + "\"learningRate\":1.0E-4,\"gradNorm\":null,\"samplesPerSecond\":12.5,\"tokensPerSecond\":812.0,"
                + "\"memoryBytes\":0,\"kind\":\"TRAIN\",\"producedAt\":\"2026-01-01T00:00:00Z\"}"));

        // When / Then: the line beside the progress bar is the one JobFollowerTest expects from Kafka events
        assertThat(status.getState()).isEqualTo(JobState.RUNNING);
        assertThat(status.getTotalSteps()).isEqualTo(20);
        assertThat(status.getMessage()).isNull();
        assertThat(status.getLastCheckpointId()).isEqualTo("c-1");
        assertThat(status.getEpoch()).isEqualTo(2);
        assertThat(JobFollower.describe(status, metric))
                .isEqualTo("RUNNING  loss 1.2500  ppl 3.490  812 tokens/s  epoch 0.50");
    }

    private static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
