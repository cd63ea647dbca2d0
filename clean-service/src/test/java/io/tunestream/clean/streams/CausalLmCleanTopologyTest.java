package io.tunestream.clean.streams;

import io.tunestream.schemas.DatasetEvents;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.SingleObjectCodec;
import io.tunestream.stage.SealedDatasetTopology;
import io.tunestream.stage.StageTopics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** A causal-LM dataset through clean's real topology: pairs normalised apart, case kept, never balanced. */
class CausalLmCleanTopologyTest {

    private static final StageTopics TOPICS = StageTopics.of("t.", Topics.DATASETS_RAW, Topics.DATASETS_CLEAN);
    private static final SingleObjectCodec<DatasetEvent> EVENTS = new SingleObjectCodec<>(DatasetEvent.class);
    private static final SingleObjectCodec<StageReport> REPORTS = new SingleObjectCodec<>(StageReport.class);
    private static final Map<String, String> SERVICE_DEFAULTS = Map.of("balance", "undersample", "seed", "42",
            "clean.near-duplicates", "0.9", "clean.lowercase", "true", "clean.dedupe", "true");

    @Test
    void shouldCleanPairsKeepingCaseAndPunctuationAndNoteTheIgnoredBalanceWhenTaskIsCausalLm() {
        // Given: the dataset asks for undersampling, the service lower-cases by default
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "clean-lm-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(
                SealedDatasetTopology.build(TOPICS, new CleanStage(SERVICE_DEFAULTS)), props)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(TOPICS.input(), new StringSerializer(), new ByteArraySerializer());
            List<DatasetEvent> events = List.of(
                    pair("r1", "Ｗｈａｔ is the Capital of France?", "  Paris,   of course!"),
                    pair("r2", "What is the Capital of France?", "Paris, of course!"),
                    pair("r3", "Name a Colour.", "Blue."),
                    seal(3, Map.of("task", "causal_lm", "balance", "undersample")));
            events.forEach(e -> in.pipeInput("lm@1", EVENTS.encode(e)));

            // When
            List<DatasetEvent> out = driver.createOutputTopic(TOPICS.output(), new StringDeserializer(),
                    new ByteArrayDeserializer()).readValuesToList().stream().map(EVENTS::decode).toList();
            StageReport report = REPORTS.decode(driver.createOutputTopic(TOPICS.reports(), new StringDeserializer(),
                    new ByteArrayDeserializer()).readValue());

            // Then
            assertThat(out).hasSize(2); // one batch, one seal
            List<DatasetRecord> records = DatasetEvents.records(out.get(0));
            assertThat(records).hasSize(2);
            DatasetRecord first = records.get(0);
            assertThat(first.getPrompt()).isEqualTo("What is the Capital of France?");
            assertThat(first.getCompletion()).isEqualTo("Paris, of course!");
            assertThat(first.getText()).isNull();
            assertThat(records.get(1).getCompletion()).isEqualTo("Blue.");
            DatasetSeal seal = (DatasetSeal) out.get(1).getBody();
            assertThat(seal.getConfig()).containsEntry("task", "causal_lm");
            assertThat(seal.getConfig()).doesNotContainKeys(CleanStage.CLASS_WEIGHTS, CleanStage.OVERSAMPLE_PLAN);
            assertThat(report.getDropped()).containsExactly(Map.entry("exact_duplicate", 1L));
            assertThat(report.getConfig()).containsEntry("balance", "none").containsEntry("clean.lowercase", "false")
                    .containsEntry("task", "causal_lm").containsEntry("ignored.balance", "undersample");
            assertThat(report.getMessage()).contains("ignored for task=causal_lm").contains("balance=undersample");
        }
    }

    private static DatasetEvent pair(String id, String prompt, String completion) {
        return event(id, DatasetRecord.newBuilder().setRecordId(id).setSourceRecordId(id).setPrompt(prompt)
                .setCompletion(completion).setOperations(new ArrayList<>(List.of("ingest:validate"))).build());
    }

    private static DatasetEvent seal(long count, Map<String, String> config) {
        return event("seal", DatasetSeal.newBuilder().setRecordCount(count).setConfig(config).build());
    }

    private static DatasetEvent event(String id, Object body) {
        return DatasetEvent.newBuilder().setEventId("lm@1/" + id).setDatasetId("lm").setVersion("1").setStage("ingest")
                .setProducedAt(Instant.ofEpochMilli(1)).setBody(body).build();
    }
}
