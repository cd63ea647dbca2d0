package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetRecordBatch;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
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
import java.util.List;
import java.util.Properties;

import static io.tunestream.stage.SealedDatasetTopologyTest.batched;
import static io.tunestream.stage.SealedDatasetTopologyTest.dataset;
import static io.tunestream.stage.SealedDatasetTopologyTest.readAll;
import static io.tunestream.stage.SealedDatasetTopologyTest.records;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-dataset poison policy ({@link PoisonPolicy}, seal config {@code poison-policy}) with TopologyTestDriver:
 * a poison batch rejects the version under {@code reject-version} (the default) and is left in the DLQ under
 * {@code dead-letter}, where the rest goes on and {@code in = out + dropped + dead-lettered} holds in the report.
 */
class PoisonPolicyTopologyTest {

    private static final StageTopics TOPICS = StageTopics.of("t.", "datasets.raw", "datasets.clean");
    private static final EventSerializer<DatasetEvent> WRITE = new EventSerializer<>(DatasetEvent.class);
    private static final EventDeserializer<StageReport> READ_REPORT = new EventDeserializer<>(StageReport.class);

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, byte[]> output;
    private TestOutputTopic<String, byte[]> reports;
    private TestOutputTopic<String, byte[]> dlq;

    @BeforeEach
    void start() throws Exception {
        Properties props = StageStreamsConfig.of("test-stage", "dummy:9092",
                Files.createTempDirectory("poison-test").toString());
        driver = new TopologyTestDriver(SealedDatasetTopology.build(TOPICS, new UpperCaseStage()), props);
        input = driver.createInputTopic(TOPICS.input(), new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(TOPICS.output(), new StringDeserializer(), new ByteArrayDeserializer());
        reports = driver.createOutputTopic(TOPICS.reports(), new StringDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(TOPICS.dlq(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldRejectTheWholeVersionWhenABatchIsPoisonUnderRejectVersion() {
        // Given five records in batches of two, the second batch holding a record without an id
        List<DatasetEvent> events = withPoisonBatch("reject-version");

        // When
        events.forEach(this::send);

        // Then the batch is dead-lettered and the version rejected: nothing downstream
        assertThat(dlq.readRecordsToList()).hasSize(1);
        assertThat(output.isEmpty()).isTrue();
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getStatus()).isEqualTo(StageStatus.REJECTED);
        assertThat(report.getMessage()).contains("declares 5 records").contains("3 were received");
    }

    @Test
    void shouldDeadLetterThePoisonBatchAndGoOnWithTheRestUnderDeadLetter() {
        // Given the same version with poison-policy=dead-letter
        List<DatasetEvent> events = withPoisonBatch("dead-letter");
        byte[] poison = WRITE.serialize("t", events.get(1));

        // When
        events.forEach(this::send);

        // Then the poison batch is in the DLQ as it came, with its reason; the three good records go on
        TestRecord<String, byte[]> dead = dlq.readRecord();
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).contains("without a record id");
        List<DatasetEvent> out = readAll(output);
        assertThat(records(out)).extracting(DatasetRecord::getText).containsExactly("A", "B", "E");
        assertThat(((DatasetSeal) out.get(out.size() - 1).getBody()).getRecordCount()).isEqualTo(3);
        // and the report accounts for every record: in = out + dropped + dead-lettered
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getStatus()).isEqualTo(StageStatus.COMPLETED);
        assertThat(report.getRecordsIn()).isEqualTo(5);
        assertThat(report.getDeadLettered()).isEqualTo(2);
        assertThat(report.getRecordsIn()).isEqualTo(report.getRecordsOut() - report.getGenerated()
                + report.getDropped().values().stream().mapToLong(Long::longValue).sum() + report.getDeadLettered());
        assertThat(report.getMessage()).contains("poison-policy dead-letter: 2");
    }

    @Test
    void shouldGoOnWhenAnUndecodableBatchIsTheOnlyMissingOneUnderDeadLetter() {
        // Given the version's second batch replaced on the wire by bytes that do not decode; the seal counts batches
        List<DatasetEvent> events = withPoisonBatch("dead-letter");
        send(events.get(0));
        input.pipeInput("ds@1", "not avro".getBytes(StandardCharsets.UTF_8));
        events.subList(2, events.size()).forEach(this::send);

        // Then the batch count shows every missing batch is in the DLQ: the version goes on without it
        assertThat(dlq.readRecordsToList()).hasSize(1);
        assertThat(records(readAll(output))).extracting(DatasetRecord::getText).containsExactly("A", "B", "E");
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getStatus()).isEqualTo(StageStatus.COMPLETED);
        assertThat(report.getRecordsIn()).isEqualTo(5);
        assertThat(report.getRecordsOut() + report.getDeadLettered()).isEqualTo(report.getRecordsIn());
    }

    @Test
    void shouldStillRejectWhenDeadLettersDoNotAccountForTheMissingRecords() {
        // Given dead-letter, but the seal declares two more records than ever arrived (nothing in the DLQ)
        List<DatasetEvent> events = dataset("ds", "1", "a", "b");
        DatasetSeal seal = (DatasetSeal) events.get(2).getBody();
        seal.setRecordCount(4);
        seal.getConfig().put(PoisonPolicy.CONFIG_KEY, "dead-letter");

        // When
        events.forEach(this::send);

        // Then records lost upstream are not mistaken for poison
        assertThat(output.isEmpty()).isTrue();
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getStatus()).isEqualTo(StageStatus.REJECTED);
        assertThat(report.getMessage()).contains("do not account for the 2 missing");
    }

    @Test
    void shouldRejectNamingTheAllowedValuesWhenThePolicyIsUnknown() {
        // Given
        List<DatasetEvent> events = dataset("ds", "1", "a");
        ((DatasetSeal) events.get(1).getBody()).getConfig().put(PoisonPolicy.CONFIG_KEY, "skip");

        // When
        events.forEach(this::send);

        // Then
        StageReport report = READ_REPORT.deserialize("r", reports.readValue());
        assertThat(report.getStatus()).isEqualTo(StageStatus.REJECTED);
        assertThat(report.getMessage()).contains("unknown poison-policy 'skip'").contains("reject-version, dead-letter");
    }

    /** ds@1: records a..e in batches of two (a,b | c,d | e), c without a record id, the seal naming the policy. */
    private static List<DatasetEvent> withPoisonBatch(String policy) {
        List<DatasetEvent> events = batched(dataset("ds", "1", "a", "b", "c", "d", "e"), 2);
        ((DatasetRecordBatch) events.get(1).getBody()).getRecords().get(0).setRecordId("");
        ((DatasetSeal) events.get(events.size() - 1).getBody()).getConfig().put(PoisonPolicy.CONFIG_KEY, policy);
        return events;
    }

    private void send(DatasetEvent event) {
        input.pipeInput(event.getDatasetId() + "@" + event.getVersion(), WRITE.serialize("t", event));
    }
}
