package io.tunestream.split.streams;

import io.tunestream.schemas.DatasetEvents;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.Split;
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
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A causal-LM dataset through split's real topology: exact shares, stratified by completion length. */
class CausalLmSplitTopologyTest {

    private static final StageTopics TOPICS = StageTopics.of("t.", Topics.DATASETS_CLEAN, Topics.DATASETS_SPLIT);
    private static final SingleObjectCodec<DatasetEvent> EVENTS = new SingleObjectCodec<>(DatasetEvent.class);
    private static final SingleObjectCodec<StageReport> REPORTS = new SingleObjectCodec<>(StageReport.class);
    private static final Map<String, String> DEFAULTS = Map.of("split", "0.8,0.1,0.1", "seed", "42", "split.group-aware", "true");

    @Test
    void shouldSplitPromptCompletionPairsByCompletionLengthBucketAndCarryTheTask() {
        // Given: 40 short completions and 40 long ones, no labels
        List<DatasetEvent> events = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            String completion = i % 2 == 0 ? "Yes." : "A much longer answer, number " + i + ", that goes on and on.";
            events.add(event(String.format("r%02d", i), DatasetRecord.newBuilder().setRecordId(String.format("r%02d", i))
                    .setSourceRecordId("s" + i).setPrompt("Question " + i + "?").setCompletion(completion).build()));
        }
        events.add(event("seal", DatasetSeal.newBuilder().setRecordCount(80)
                .setConfig(Map.of("task", "causal_lm", "split.length-buckets", "2")).build()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "split-lm-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(SealedDatasetTopology.build(TOPICS, new SplitStage(DEFAULTS)), props)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(TOPICS.input(), new StringSerializer(), new ByteArraySerializer());

            // When
            events.forEach(e -> in.pipeInput("lm@1", EVENTS.encode(e)));
            List<DatasetEvent> out = driver.createOutputTopic(TOPICS.output(), new StringDeserializer(),
                    new ByteArrayDeserializer()).readValuesToList().stream().map(EVENTS::decode).toList();
            StageReport report = REPORTS.decode(driver.createOutputTopic(TOPICS.reports(), new StringDeserializer(),
                    new ByteArrayDeserializer()).readValue());

            // Then: 64/8/8, and each length bucket 32/4/4; labels stay null, pairs intact
            List<DatasetRecord> records = out.stream().flatMap(e -> DatasetEvents.records(e).stream()).toList();
            assertThat(records).hasSize(80);
            Map<Boolean, Map<Split, Long>> byLength = records.stream().collect(Collectors.groupingBy(
                    r -> r.getCompletion().length() > 4, Collectors.groupingBy(DatasetRecord::getSplit, Collectors.counting())));
            assertThat(byLength.get(true)).containsOnly(Map.entry(Split.TRAIN, 32L), Map.entry(Split.VALIDATION, 4L),
                    Map.entry(Split.TEST, 4L));
            assertThat(byLength.get(false)).containsOnly(Map.entry(Split.TRAIN, 32L), Map.entry(Split.VALIDATION, 4L),
                    Map.entry(Split.TEST, 4L));
            assertThat(records).allSatisfy(r -> {
                assertThat(r.getLabel()).isNull();
                assertThat(r.getPrompt()).startsWith("Question ");
            });
            DatasetSeal seal = (DatasetSeal) out.get(out.size() - 1).getBody();
            assertThat(seal.getConfig()).containsEntry("task", "causal_lm").containsEntry("split.stratify", "length-bucket")
                    .containsEntry("split.length-buckets", "2");
            assertThat(seal.getSplitCounts()).containsOnly(Map.entry("TRAIN", 64L), Map.entry("VALIDATION", 8L),
                    Map.entry("TEST", 8L));
            assertThat(report.getConfig()).containsEntry("split.stratify", "length-bucket");
        }
    }

    private static DatasetEvent event(String id, Object body) {
        return DatasetEvent.newBuilder().setEventId("lm@1/" + id).setDatasetId("lm").setVersion("1").setStage("clean")
                .setProducedAt(Instant.ofEpochMilli(1)).setBody(body).build();
    }
}
