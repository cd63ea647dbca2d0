package io.tunestream.ingest.messaging;

import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.serde.EventSerializer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class IngestTopologyTest {

    private static final TopicNames TOPICS = TopicNames.of("t.");
    private static final int RAW_PARTITIONS = 3;
    private static final String KEY = "mail@1";

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> ingest;
    private TestOutputTopic<String, DatasetEvent> raw;
    private TestOutputTopic<String, DatasetEvent> catalog;
    private TestOutputTopic<String, StageReport> reports;
    private TestOutputTopic<byte[], byte[]> dlq;
    private final EventSerializer<DatasetEvent> serializer = new EventSerializer<>(DatasetEvent.class);

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(IngestTopology.build(TOPICS, 1000, RAW_PARTITIONS), props);
        ingest = driver.createInputTopic(TOPICS.ingest(), new ByteArraySerializer(), new ByteArraySerializer());
        raw = driver.createOutputTopic(TOPICS.raw(), new StringDeserializer(), new EventDeserializer<>(DatasetEvent.class));
        catalog = driver.createOutputTopic(TOPICS.catalog(), new StringDeserializer(), new EventDeserializer<>(DatasetEvent.class));
        reports = driver.createOutputTopic(TOPICS.reports(), new StringDeserializer(), new EventDeserializer<>(StageReport.class));
        dlq = driver.createOutputTopic(TOPICS.ingestDlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void send(String key, DatasetEvent event) {
        ingest.pipeInput(key.getBytes(StandardCharsets.UTF_8), serializer.serialize(TOPICS.ingest(), event));
    }

    private static DatasetEvent event(String id, Object body) {
        return DatasetEvent.newBuilder().setEventId(id).setDatasetId("mail").setVersion("1").setStage("producer")
                .setProducedAt(Instant.ofEpochMilli(1)).setBody(body).build();
    }

    private static DatasetEvent record(String id, String text, String label) {
        return event(id, DatasetRecord.newBuilder().setRecordId(id).setSourceRecordId(id).setText(text).setLabel(label).build());
    }

    private static DatasetEvent pair(String id, String prompt, String completion) {
        return event(id, DatasetRecord.newBuilder().setRecordId(id).setSourceRecordId(id).setPrompt(prompt)
                .setCompletion(completion).build());
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldForwardValidRecordsDeadLetterPoisonAndSealWithResultingCounts() {
        // Given
        byte[] garbage = {1, 2, 3, 4};
        send(KEY, record("a", "cheap pills", "spam"));
        send(KEY, record("b", "   ", "ham"));
        ingest.pipeInput(KEY.getBytes(StandardCharsets.UTF_8), garbage);
        send(KEY, record("c", "see you at 5", "ham"));
        // When
        send(KEY, event("seal", DatasetSeal.newBuilder().setRecordCount(4).setConfig(Map.of("balance", "undersample")).build()));
        // Then
        List<DatasetEvent> out = raw.readValuesToList();
        assertThat(out).hasSize(3);
        assertThat(out.subList(0, 2)).extracting(e -> ((DatasetRecord) e.getBody()).getText())
                .containsExactly("cheap pills", "see you at 5");
        assertThat(((DatasetRecord) out.get(0).getBody()).getOperations()).containsExactly("ingest:validate");
        DatasetSeal seal = (DatasetSeal) out.get(2).getBody();
        String partition = String.valueOf(DatasetPartitions.of(KEY, RAW_PARTITIONS));
        assertThat(seal.getRecordCount()).isEqualTo(2);
        assertThat(seal.getPartitionCounts()).containsExactly(Map.entry(partition, 2L));
        assertThat(seal.getLabelCounts()).containsOnly(Map.entry("spam", 1L), Map.entry("ham", 1L));
        assertThat(seal.getConfig()).containsOnly(Map.entry("balance", "undersample"), Map.entry("task", "classification"));
        assertThat(catalog.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(KEY);
            assertThat(kv.value.getBody()).isEqualTo(seal);
        });

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.REASON))
                .containsExactly("EMPTY_TEXT", "UNDECODABLE_EVENT");
        assertThat(dead.get(1).value()).isEqualTo(garbage);
        assertThat(header(dead.get(1).headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(TOPICS.ingest());
        assertThat(header(dead.get(1).headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("2");
        assertThat(header(dead.get(1).headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");

        StageReport report = reports.readValue();
        assertThat(report.getRecordsIn()).isEqualTo(4);
        assertThat(report.getRecordsOut()).isEqualTo(2);
        assertThat(report.getDeadLettered()).isEqualTo(2);
        assertThat(report.getRecordsIn()).isEqualTo(report.getRecordsOut() + report.getDeadLettered());
        assertThat(report.getMessage()).isNull();
    }

    @Test
    void shouldDeadLetterEventsWhenKeyDoesNotMatchTheirDataset() {
        // When
        send("other@2", record("a", "text", "spam"));
        // Then
        assertThat(raw.isEmpty()).isTrue();
        assertThat(dlq.readRecord().headers().lastHeader(DeadLetterHeaders.REASON).value())
                .asString(StandardCharsets.UTF_8).isEqualTo("BAD_DATASET_KEY");
    }

    @Test
    void shouldNoteTheDifferenceWhenTheProducerSealDeclaresOtherCounts() {
        // Given
        send(KEY, record("a", "hello", "ham"));
        // When
        send(KEY, event("seal", DatasetSeal.newBuilder().setRecordCount(5).build()));
        // Then
        StageReport report = reports.readValue();
        assertThat(report.getMessage()).contains("declares 5 records, 1 arrived");
        assertThat(((DatasetSeal) raw.readValuesToList().get(1).getBody()).getRecordCount()).isEqualTo(1);
    }

    @Test
    void shouldStartFreshCountsForTheNextVersionAfterASeal() {
        // Given
        send(KEY, record("a", "hello", "ham"));
        send(KEY, event("seal", DatasetSeal.newBuilder().setRecordCount(1).build()));
        raw.readValuesToList();
        // When: the same key again (a producer replay)
        send(KEY, record("a", "hello", "ham"));
        send(KEY, event("seal", DatasetSeal.newBuilder().setRecordCount(1).build()));
        // Then
        List<DatasetEvent> out = raw.readValuesToList();
        assertThat(((DatasetSeal) out.get(1).getBody()).getRecordCount()).isEqualTo(1);
    }

    @Test
    void shouldForwardCausalLmPairsDeadLetterAPromptWithoutCompletionAndSealWithTheTask() {
        // Given
        send(KEY, pair("a", "Translate: chat", "Cat."));
        send(KEY, pair("b", "Translate: chien", null));
        send(KEY, event("c", DatasetRecord.newBuilder().setRecordId("c").setSourceRecordId("c").setText("Plain text.")
                .setAttributes(Map.of("task", "causal_lm")).build()));
        // When
        send(KEY, event("seal", DatasetSeal.newBuilder().setRecordCount(3).setConfig(Map.of("task", "causal_lm")).build()));
        // Then
        List<DatasetEvent> out = raw.readValuesToList();
        assertThat(out).hasSize(3);
        DatasetRecord first = (DatasetRecord) out.get(0).getBody();
        assertThat(first.getPrompt()).isEqualTo("Translate: chat");
        assertThat(first.getCompletion()).isEqualTo("Cat.");
        assertThat(first.getText()).isNull();
        assertThat(((DatasetSeal) out.get(2).getBody()).getConfig()).containsEntry("task", "causal_lm");
        assertThat(dlq.readRecordsToList()).extracting(r -> header(r.headers(), DeadLetterHeaders.REASON))
                .containsExactly("MISSING_COMPLETION");
        StageReport report = reports.readValue();
        assertThat(report.getDeadLettered()).isEqualTo(1);
        assertThat(report.getMessage()).isNull();
    }

    @Test
    void shouldTakeTheTaskFromTheRecordsWhenTheSealDeclaresNone() {
        // Given
        send(KEY, pair("a", "Q", "A"));
        // When
        send(KEY, event("seal", DatasetSeal.newBuilder().setRecordCount(1).build()));
        // Then
        assertThat(((DatasetSeal) raw.readValuesToList().get(1).getBody()).getConfig()).containsEntry("task", "causal_lm");
    }

    @Test
    void shouldNoteTheMismatchWhenRecordsDisagreeWithTheDeclaredTask() {
        // Given
        send(KEY, pair("a", "Q", "A"));
        // When
        send(KEY, event("seal", DatasetSeal.newBuilder().setRecordCount(1).setConfig(Map.of("task", "classification")).build()));
        // Then
        assertThat(reports.readValue().getMessage()).contains("records of task causal_lm arrived, the dataset's task is classification");
    }

    @Test
    void shouldDeadLetterASealWithAnUnknownTaskAndKeepTheVersionOpen() {
        // Given
        send(KEY, pair("a", "Q", "A"));
        // When
        send(KEY, event("seal", DatasetSeal.newBuilder().setRecordCount(1).setConfig(Map.of("task", "chat")).build()));
        send(KEY, event("seal2", DatasetSeal.newBuilder().setRecordCount(1).setConfig(Map.of("task", "causal_lm")).build()));
        // Then
        assertThat(header(dlq.readRecord().headers(), DeadLetterHeaders.REASON)).isEqualTo("UNKNOWN_TASK");
        List<DatasetEvent> out = raw.readValuesToList();
        assertThat(out).hasSize(2);
        assertThat(((DatasetSeal) out.get(1).getBody()).getRecordCount()).isEqualTo(1);
    }
}
