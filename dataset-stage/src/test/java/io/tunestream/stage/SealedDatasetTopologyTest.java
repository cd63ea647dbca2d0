package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetRecordBatch;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import io.tunestream.schemas.DatasetEvents;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.serde.EventSerializer;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class SealedDatasetTopologyTest {

    private static final StageTopics TOPICS = StageTopics.of("t.", "datasets.raw", "datasets.clean");
    private static final EventSerializer<DatasetEvent> WRITE = new EventSerializer<>(DatasetEvent.class);
    private static final EventDeserializer<DatasetEvent> READ = new EventDeserializer<>(DatasetEvent.class);
    private static final EventDeserializer<StageReport> READ_REPORT = new EventDeserializer<>(StageReport.class);

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, byte[]> output;
    private TestOutputTopic<String, byte[]> reports;
    private TestOutputTopic<String, byte[]> dlq;

    @BeforeEach
    void start() throws Exception {
        driver = driverFor(new UpperCaseStage());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldApplyStageAndSealWhenVersionIsComplete() {
        // Given
        List<DatasetEvent> events = dataset("ds", "1", "b", "a", "", "c");

        // When
        events.forEach(this::send);

        // Then: one batch of the records in record-id order, transformed; then a seal; then a report whose
        // accounting holds
        List<DatasetEvent> out = readAll(output);
        assertThat(out).hasSize(2);
        assertThat(records(out)).extracting(DatasetRecord::getText).containsExactly("A", "B", "C");
        DatasetSeal seal = (DatasetSeal) out.get(1).getBody();
        assertThat(seal.getRecordCount()).isEqualTo(3);
        assertThat(seal.getBatchCount()).isEqualTo(1);
        assertThat(seal.getConfig()).containsEntry("balance", "none").containsEntry("upper", "yes");
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getStatus()).isEqualTo(StageStatus.COMPLETED);
        assertThat(report.getRecordsIn()).isEqualTo(4);
        assertThat(report.getRecordsOut()).isEqualTo(3);
        assertThat(report.getDropped()).containsEntry("empty_text", 1L);
        assertThat(records(out).get(0).getOperations()).containsExactly("ingest", "test:upper");
    }

    @Test
    void shouldWriteBatchesOfTheConfiguredSizeWhenVersionIsLarger() throws Exception {
        // Given: a stage writing at most 2 records per batch, and input that itself arrives in two batches
        driver.close();
        driver = driverFor(new UpperCaseStage(), 2);
        List<DatasetEvent> events = batched(dataset("ds", "1", "a", "b", "c", "d", "e"), 3);

        // When
        events.forEach(this::send);

        // Then: 3 batches numbered 0..2 with distinct event ids, and a seal counting 5 records in 3 batches
        List<DatasetEvent> out = readAll(output);
        assertThat(out).hasSize(4);
        assertThat(out.subList(0, 3)).extracting(e -> ((DatasetRecordBatch) e.getBody()).getBatchNumber())
                .containsExactly(0L, 1L, 2L);
        assertThat(out).extracting(DatasetEvent::getEventId).doesNotHaveDuplicates();
        assertThat(records(out)).extracting(DatasetRecord::getText).containsExactly("A", "B", "C", "D", "E");
        DatasetSeal seal = (DatasetSeal) out.get(3).getBody();
        assertThat(seal.getRecordCount()).isEqualTo(5);
        assertThat(seal.getBatchCount()).isEqualTo(3);
        assertThat(READ_REPORT.deserialize("r", reports.readValue()).getRecordsIn()).isEqualTo(5);
    }

    @Test
    void shouldDeadLetterTheWholeBatchWithItsBytesWhenOneRecordHasNoId() {
        // Given: a batch of two records, one without an id
        List<DatasetEvent> events = batched(dataset("ds", "1", "a", "b"), 2);
        ((DatasetRecordBatch) events.get(0).getBody()).getRecords().get(1).setRecordId("");
        byte[] poison = WRITE.serialize("t", events.get(0));

        // When
        events.forEach(this::send);

        // Then: the batch is in the DLQ as it came, counted; the seal finds its records missing
        TestRecord<String, byte[]> dead = dlq.readRecord();
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).contains("without a record id");
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getStatus()).isEqualTo(StageStatus.REJECTED);
        assertThat(report.getDeadLettered()).isEqualTo(1);
        assertThat(output.isEmpty()).isTrue();
    }

    @Test
    void shouldRejectWhenSealDeclaresMoreBatchesThanArrived() {
        // Given: the right record count but a batch count the stream does not have
        List<DatasetEvent> events = batched(dataset("ds", "1", "a", "b"), 2);
        ((DatasetSeal) events.get(1).getBody()).setBatchCount(2);

        // When
        events.forEach(this::send);

        // Then
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getStatus()).isEqualTo(StageStatus.REJECTED);
        assertThat(report.getMessage()).contains("declares 2 batches").contains("1 were received");
        assertThat(output.isEmpty()).isTrue();
    }

    @Test
    void shouldRejectAndWriteNothingWhenSealDeclaresMoreRecords() {
        List<DatasetEvent> events = dataset("ds", "1", "a", "b");
        DatasetEvent seal = events.get(events.size() - 1);
        ((DatasetSeal) seal.getBody()).setRecordCount(5);
        events.forEach(this::send);

        assertThat(output.isEmpty()).isTrue();
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getStatus()).isEqualTo(StageStatus.REJECTED);
        assertThat(report.getMessage()).contains("declares 5").contains("2 were received");
    }

    @Test
    void shouldDeadLetterPoisonAndKeepEveryValidRecordWhenPoisonIsInterleaved() {
        // Given: three poison records between valid ones, under the dataset's key
        List<DatasetEvent> events = dataset("ds", "1", "a", "b", "c");
        send(events.get(0));
        input.pipeInput("ds@1", "garbage".getBytes(StandardCharsets.UTF_8));
        send(events.get(1));
        input.pipeInput("ds@1", new byte[] {(byte) 0xC3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        input.pipeInput("ds@1", (byte[]) null);
        send(events.get(2));
        send(events.get(3));

        // Then: poison in the DLQ with original bytes and reasons; all valid records out
        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(3);
        assertThat(dead.get(0).value()).isEqualTo("garbage".getBytes(StandardCharsets.UTF_8));
        assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.REASON)).contains("BAD_HEADER");
        assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("t.datasets.raw");
        assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(DeadLetterHeaders.get(dead.get(2).headers(), DeadLetterHeaders.REASON)).contains("tombstone");
        assertThat(records(readAll(output))).hasSize(3);
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getDeadLettered()).isEqualTo(3);
        assertThat(report.getRecordsIn()).isEqualTo(3);
    }

    @Test
    void shouldCountOnceWhenEventIsDeliveredTwice() {
        List<DatasetEvent> events = dataset("ds", "1", "a", "b");
        send(events.get(0));
        send(events.get(0));
        send(events.get(1));
        send(events.get(2));

        assertThat(records(readAll(output))).hasSize(2);
        assertThat(READ_REPORT.deserialize("r", reports.readValue()).getRecordsIn()).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterEventsWhenVersionWasAlreadySealed() {
        List<DatasetEvent> events = dataset("ds", "1", "a");
        events.forEach(this::send);
        send(events.get(0));

        assertThat(readAll(output)).hasSize(2); // one batch, one seal
        assertThat(DeadLetterHeaders.get(dlq.readRecord().headers(), DeadLetterHeaders.REASON)).contains("already sealed");
    }

    @Test
    void shouldRejectWhenStageFails() throws Exception {
        driver.close();
        driver = driverFor(new DatasetStage() {
            public String name() {
                return "broken";
            }

            public StageResult apply(DatasetBatch batch) {
                throw new IllegalStateException("boom");
            }
        });
        dataset("ds", "1", "a").forEach(this::send);

        assertThat(output.isEmpty()).isTrue();
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getStatus()).isEqualTo(StageStatus.REJECTED);
        assertThat(report.getMessage()).contains("broken failed").contains("boom");
    }

    @Test
    void shouldRejectWhenAccountingDoesNotHold() throws Exception {
        driver.close();
        driver = driverFor(new DatasetStage() {
            public String name() {
                return "leaky";
            }

            public StageResult apply(DatasetBatch batch) {
                return StageResult.completed(List.of(), Map.of(), 0, Map.of(), Map.of());
            }
        });
        dataset("ds", "1", "a", "b").forEach(this::send);

        assertThat(output.isEmpty()).isTrue();
        assertThat(READ_REPORT.deserialize("r", reports.readValue()).getMessage()).contains("accounting does not hold");
    }

    @Test
    void shouldReportTheInputLabelsWhenTheStageChangesRecordsInPlace() throws Exception {
        driver.close();
        driver = driverFor(new DatasetStage() {
            public String name() {
                return "relabel";
            }

            public StageResult apply(DatasetBatch batch) {
                batch.records().forEach(r -> r.setLabel("other"));
                return StageResult.completed(batch.records(), Map.of(), 0, Map.of(), Map.of());
            }
        });
        dataset("ds", "1", "a", "b", "c").forEach(this::send);

        assertThat(records(readAll(output))).extracting(DatasetRecord::getLabel).containsOnly("other");
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getLabelsIn()).containsExactly(Map.entry("ham", 2L), Map.entry("spam", 1L));
        assertThat(report.getLabelsOut()).containsExactly(Map.entry("other", 3L));
    }

    @Test
    void shouldWriteIdenticalBytesWhenSameDatasetIsProcessedAgain() throws Exception {
        // Given the same input in another arrival order on a fresh instance
        List<DatasetEvent> events = dataset("ds", "1", "x", "y", "z");
        events.forEach(this::send);
        List<byte[]> first = output.readValuesToList();
        driver.close();
        driver = driverFor(new UpperCaseStage());
        List<DatasetEvent> shuffled = new ArrayList<>(events.subList(0, 3));
        java.util.Collections.reverse(shuffled);
        shuffled.add(events.get(3));
        shuffled.forEach(this::send);

        assertThat(output.readValuesToList()).containsExactlyElementsOf(first);
    }

    @Test
    void shouldKeepVersionsApartWhenTheyInterleave() {
        List<DatasetEvent> one = dataset("ds", "1", "a", "b");
        List<DatasetEvent> two = dataset("ds", "2", "c");
        send(one.get(0));
        send(two.get(0));
        send(one.get(1));
        send(two.get(1));
        send(one.get(2));

        List<DatasetEvent> out = readAll(output);
        assertThat(out).extracting(DatasetEvent::getVersion).containsExactly("2", "2", "1", "1");
        assertThat(records(out)).extracting(DatasetRecord::getText).containsExactly("C", "A", "B");
    }

    private void send(DatasetEvent event) {
        input.pipeInput(event.getDatasetId() + "@" + event.getVersion(), WRITE.serialize("t", event));
    }

    static List<DatasetEvent> readAll(TestOutputTopic<String, byte[]> topic) {
        List<DatasetEvent> events = new ArrayList<>();
        topic.readValuesToList().forEach(v -> events.add(READ.deserialize("t", v)));
        return events;
    }

    static List<DatasetRecord> records(List<DatasetEvent> events) {
        return events.stream().flatMap(e -> DatasetEvents.records(e).stream()).toList();
    }

    /** The records of a dataset's events regrouped into batches of {@code size}, then its seal (counting them). */
    static List<DatasetEvent> batched(List<DatasetEvent> events, int size) {
        List<DatasetEvent> out = new ArrayList<>();
        List<DatasetRecord> all = records(events);
        DatasetEvent seal = events.get(events.size() - 1);
        for (int from = 0; from < all.size(); from += size) {
            DatasetRecordBatch batch = DatasetRecordBatch.newBuilder().setBatchNumber(from / size)
                    .setRecords(new ArrayList<>(all.subList(from, Math.min(all.size(), from + size)))).build();
            out.add(DatasetEvent.newBuilder(seal).setEventId(seal.getEventId() + "-b" + from / size).setBody(batch).build());
        }
        ((DatasetSeal) seal.getBody()).setBatchCount(out.size());
        out.add(seal);
        return out;
    }

    private TopologyTestDriver driverFor(DatasetStage stage) throws Exception {
        return driverFor(stage, StageEmitter.DEFAULT_BATCH_RECORDS);
    }

    private TopologyTestDriver driverFor(DatasetStage stage, int batchRecords) throws Exception {
        Properties props = StageStreamsConfig.of("test-stage", "dummy:9092",
                Files.createTempDirectory("stage-test").toString());
        props.put(StageEmitter.BATCH_RECORDS_CONFIG, Integer.toString(batchRecords));
        TopologyTestDriver d = new TopologyTestDriver(SealedDatasetTopology.build(TOPICS, stage), props);
        input = d.createInputTopic(TOPICS.input(), new StringSerializer(), new ByteArraySerializer());
        output = d.createOutputTopic(TOPICS.output(), new StringDeserializer(), new ByteArrayDeserializer());
        reports = d.createOutputTopic(TOPICS.reports(), new StringDeserializer(), new ByteArrayDeserializer());
        dlq = d.createOutputTopic(TOPICS.dlq(), new StringDeserializer(), new ByteArrayDeserializer());
        return d;
    }

    static List<DatasetEvent> dataset(String id, String version, String... texts) {
        List<DatasetEvent> events = new ArrayList<>();
        Instant at = Instant.ofEpochMilli(1_700_000_000_000L);
        for (int i = 0; i < texts.length; i++) {
            DatasetRecord r = DatasetRecord.newBuilder().setRecordId("r" + texts[i] + i).setSourceRecordId("r" + i)
                    .setText(texts[i]).setLabel(i % 2 == 0 ? "ham" : "spam").setOperations(new ArrayList<>(List.of("ingest"))).build();
            events.add(DatasetEvent.newBuilder().setEventId(id + version + "-" + i).setDatasetId(id).setVersion(version)
                    .setStage("ingest").setProducedAt(at).setBody(r).build());
        }
        DatasetSeal seal = DatasetSeal.newBuilder().setRecordCount(texts.length).setConfig(new HashMap<>(Map.of("balance", "none"))).build();
        events.add(DatasetEvent.newBuilder().setEventId(id + version + "-seal").setDatasetId(id).setVersion(version)
                .setStage("ingest").setProducedAt(at).setBody(seal).build());
        return events;
    }
}
