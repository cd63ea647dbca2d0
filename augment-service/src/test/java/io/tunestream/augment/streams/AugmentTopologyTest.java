package io.tunestream.augment.streams;

import io.tunestream.schemas.DatasetEvents;
import io.tunestream.augment.domain.WordNetSynonyms;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.Split;
import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.stage.SealedDatasetTopology;
import io.tunestream.stage.StageStreamsConfig;
import io.tunestream.stage.StageTopics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * augment-service's real topology (the {@code SealedDatasetTopology} around {@code AugmentStage}, as the service
 * runs it): a seal written straight to {@code datasets.split} with an over-bound setting is rejected with a
 * reason, no OutOfMemoryError, and the same running topology prepares the next version normally.
 */
class AugmentTopologyTest {

    private static final StageTopics TOPICS = StageTopics.of("tunestream.", Topics.DATASETS_SPLIT, Topics.DATASETS_PREPARED);
    private static final Map<String, String> DEFAULTS = Map.of("augment.copies", "1", "augment.synonym-rate", "0.1",
            "augment.insertion-rate", "0.1", "augment.swap-rate", "0.1", "augment.deletion-rate", "0.1", "seed", "42");
    private static final EventSerializer<DatasetEvent> WRITE = new EventSerializer<>(DatasetEvent.class);
    private static final EventDeserializer<DatasetEvent> READ = new EventDeserializer<>(DatasetEvent.class);
    private static final EventDeserializer<StageReport> READ_REPORT = new EventDeserializer<>(StageReport.class);

    @TempDir
    Path state;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> split;
    private TestOutputTopic<String, byte[]> prepared;
    private TestOutputTopic<String, byte[]> reports;

    @BeforeEach
    void start() {
        driver = new TopologyTestDriver(SealedDatasetTopology.build(TOPICS,
                new AugmentStage(DEFAULTS, new WordNetSynonyms(), null)),
                StageStreamsConfig.of("augment-test", "dummy:9092", state.toString()));
        split = driver.createInputTopic(TOPICS.input(), new StringSerializer(), new ByteArraySerializer());
        prepared = driver.createOutputTopic(TOPICS.output(), new StringDeserializer(), new ByteArrayDeserializer());
        reports = driver.createOutputTopic(TOPICS.reports(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldRejectAnOverBoundSealWithAReasonAndPrepareTheNextVersionWhenBothArriveOnTheTopic() {
        // Given a version asking for two billion copies per record (past ingest, straight to the topic), then a sane one
        version("over", Map.of("augment.copies", "2000000000")).forEach(this::send);
        version("next", Map.of("augment.copies", "1")).forEach(this::send);

        // Then the first is rejected naming the key and its bound, and nothing of it is prepared
        List<StageReport> written = reports.readValuesToList().stream().map(v -> READ_REPORT.deserialize("r", v)).toList();
        assertThat(written).extracting(StageReport::getDatasetId).containsExactly("over", "next");
        assertThat(written.get(0).getStatus()).isEqualTo(StageStatus.REJECTED);
        assertThat(written.get(0).getMessage()).contains("config.augment.copies must be a whole number in [0, 16]")
                .contains("2000000000");
        // and the next is prepared by the same running topology: 4 originals plus one copy of each of 3 train records
        assertThat(written.get(1).getStatus()).as(written.get(1).getMessage()).isEqualTo(StageStatus.COMPLETED);
        List<TestRecord<String, byte[]>> out = prepared.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsOnly("next@1");
        DatasetSeal seal = (DatasetSeal) READ.deserialize("p", out.get(out.size() - 1).value()).getBody();
        assertThat(seal.getRecordCount()).isEqualTo(7);
    }

    @Test
    void shouldPassCausalLmRecordsThroughUnchangedDespiteServiceDefaultsAndCarryTheTask() {
        // Given: prompt/completion pairs in train and test; the service's defaults would make one copy each
        List<DatasetEvent> events = new ArrayList<>();
        Split[] splits = {Split.TRAIN, Split.TRAIN, Split.TEST};
        for (int i = 0; i < splits.length; i++) {
            events.add(event("lm", "e" + i, DatasetRecord.newBuilder().setRecordId("r" + i).setSourceRecordId("s" + i)
                    .setPrompt("Write line " + i + " of the poem:").setCompletion("The Quick, brown fox; " + i + "!")
                    .setSplit(splits[i]).setOperations(new ArrayList<>(List.of("ingest"))).build()));
        }
        events.add(event("lm", "seal", DatasetSeal.newBuilder().setRecordCount(3)
                .setConfig(Map.of("task", "causal_lm", "split.stratify", "length-bucket")).build()));

        // When
        events.forEach(this::send);

        // Then: the same three records, byte for byte, and a seal that still says causal_lm
        List<DatasetEvent> out = prepared.readValuesToList().stream().map(v -> READ.deserialize("p", v)).toList();
        assertThat(out).hasSize(2); // one batch, one seal
        List<DatasetRecord> records = DatasetEvents.records(out.get(0));
        assertThat(records).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(records.get(i)).isEqualTo(events.get(i).getBody());
        }
        DatasetSeal seal = (DatasetSeal) out.get(1).getBody();
        assertThat(seal.getRecordCount()).isEqualTo(3);
        assertThat(seal.getConfig()).containsEntry("task", "causal_lm").containsEntry("split.stratify", "length-bucket");
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getStatus()).isEqualTo(StageStatus.COMPLETED);
        assertThat(report.getGenerated()).isZero();
        assertThat(report.getConfig()).containsEntry("augment.copies", "0").containsEntry("task", "causal_lm");
    }

    @Test
    void shouldRefuseCausalLmDataWhenTheDatasetAsksForAugmentation() {
        // Given
        List<DatasetEvent> events = List.of(
                event("lm2", "e0", DatasetRecord.newBuilder().setRecordId("r0").setSourceRecordId("s0").setText("Plain text.")
                        .setSplit(Split.TRAIN).build()),
                event("lm2", "seal", DatasetSeal.newBuilder().setRecordCount(1)
                        .setConfig(Map.of("task", "causal_lm", "augment.copies", "2")).build()));

        // When
        events.forEach(this::send);

        // Then
        assertThat(prepared.isEmpty()).isTrue();
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getStatus()).isEqualTo(StageStatus.REJECTED);
        assertThat(report.getMessage()).contains("augmentation of causal-LM records is not supported")
                .contains("augment.copies=2");
    }

    private void send(DatasetEvent event) {
        split.pipeInput(event.getDatasetId() + "@" + event.getVersion(), WRITE.serialize("t", event));
    }

    private static List<DatasetEvent> version(String id, Map<String, String> config) {
        String[] texts = {"the good manager approved a large budget for the small team",
            "please send the quarterly report before the meeting tomorrow",
            "win a free cruise by answering this short survey now",
            "the weekly meeting moved to a different room today"};
        Split[] splits = {Split.TRAIN, Split.TRAIN, Split.TRAIN, Split.TEST};
        List<DatasetEvent> events = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            DatasetRecord r = DatasetRecord.newBuilder().setRecordId("r" + i).setSourceRecordId("s" + i).setText(texts[i])
                    .setLabel(i == 2 ? "spam" : "ham").setSplit(splits[i])
                    .setOperations(new ArrayList<>(List.of("ingest"))).build();
            events.add(event(id, "e" + i, r));
        }
        events.add(event(id, "seal", DatasetSeal.newBuilder().setRecordCount(texts.length).setConfig(config).build()));
        return events;
    }

    private static DatasetEvent event(String id, String eventId, Object body) {
        return DatasetEvent.newBuilder().setEventId(id + "-" + eventId).setDatasetId(id).setVersion("1").setStage("split")
                .setProducedAt(Instant.ofEpochMilli(1_764_000_000_000L)).setBody(body).build();
    }
}
