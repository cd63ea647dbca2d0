package io.tunestream.launcher;

import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.Split;
import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.launcher.cli.StackTokens;
import io.tunestream.sampledata.SampleRecord;
import io.tunestream.sampledata.SpamAssassinAdapter;
import io.tunestream.sampledata.SpamAssassinCorpus;
import io.tunestream.schemas.Topics;
import io.tunestream.security.Roles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data pipeline end to end, as a user runs it: a real KRaft broker and the built ingest, clean, split and
 * augment services as child JVMs; a SpamAssassin subset uploaded over REST; what comes out read back with
 * read_committed. Needs the service jars: run it from the root build ({@code ./mvnw verify}).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DataPipelineEndToEndTest {

    private static final List<String> SERVICES = List.of("ingest-service", "clean-service", "split-service", "augment-service");
    private static EmbeddedStack stack;

    @org.junit.jupiter.api.extension.RegisterExtension
    static final org.junit.jupiter.api.extension.TestExecutionExceptionHandler EXPLAINED =
            Explained.by(() -> stack);
    private static final StackTokens TOKENS = StackTokens.generate();
    private static URI ingest;
    private static Path dataset;

    @BeforeAll
    static void startStack(@TempDir Path work) throws Exception {
        List<ServiceSpec> services = StackServices.discover(Path.of(".."), StackServices.DATA_MODULES, work, TOKENS,
                m -> { });
        assertThat(services).extracting(ServiceSpec::name)
                .as("service jars must be built first (./mvnw verify from the root builds them)")
                .containsExactlyElementsOf(SERVICES);
        stack = EmbeddedStack.start(new StackSettings(BrokerMode.IN_PROCESS, BrokerSettings.defaults(), StackTopics.defaults(),
                services, work.resolve("logs"), Duration.ofMinutes(4)), new PrintStream(PrintStream.nullOutputStream()));
        ingest = services.get(0).readinessUrl().resolve("/");
        dataset = work.resolve("spam.jsonl");
        try (Stream<SampleRecord> records = new SpamAssassinAdapter().records(SpamAssassinCorpus.fetch())) {
            SpamAssassinAdapter.writeJsonl(records.filter(r -> Math.floorMod(r.id().hashCode(), 100) < 12), dataset);
        }
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldPrepareSplitsWithoutLeakageAndMatchingReportsWhenSpamAssassinIsPublished() throws Exception {
        // When
        upload("e2e-1");

        // Then: every stage sealed what its report says, and accounting holds stage by stage
        try (DatasetReadback readback = new DatasetReadback(stack.cliConnection())) {
            Map<String, StageReport> reports = readback.reports(topic(Topics.DATASETS_REPORTS), "spam-assassin", "e2e-1", 4,
                    Duration.ofMinutes(3)).stream().collect(Collectors.toMap(StageReport::getStage, r -> r));
            assertThat(reports.keySet()).containsExactlyInAnyOrder("ingest", "clean", "split", "augment");
            assertThat(reports.values()).allSatisfy(r -> {
                assertThat(r.getStatus()).isEqualTo(StageStatus.COMPLETED);
                long dropped = r.getDropped().values().stream().mapToLong(Long::longValue).sum();
                assertThat(r.getRecordsIn() + r.getGenerated()).as(r.getStage()).isEqualTo(r.getRecordsOut() + dropped);
            });
            assertThat(reports.get("clean").getRecordsIn()).isEqualTo(reports.get("ingest").getRecordsOut());
            assertThat(reports.get("split").getRecordsIn()).isEqualTo(reports.get("clean").getRecordsOut());
            assertThat(reports.get("augment").getRecordsIn()).isEqualTo(reports.get("split").getRecordsOut());

            var prepared = readback.records(topic(Topics.DATASETS_PREPARED), "spam-assassin", "e2e-1", Duration.ofMinutes(2));
            List<DatasetRecord> records = prepared.getKey();
            DatasetSeal seal = prepared.getValue();
            assertThat(seal).isNotNull();
            assertThat(records).hasSize((int) seal.getRecordCount()).hasSize((int) reports.get("augment").getRecordsOut());
            assertThat(seal.getSplitCounts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(records.size());

            // no text in two splits; no augmented record outside train
            Set<String> train = texts(records, Split.TRAIN);
            assertThat(train).doesNotContainAnyElementsOf(texts(records, Split.VALIDATION))
                    .doesNotContainAnyElementsOf(texts(records, Split.TEST));
            assertThat(texts(records, Split.VALIDATION)).doesNotContainAnyElementsOf(texts(records, Split.TEST));
            assertThat(records.stream().filter(r -> r.getOperations().stream().anyMatch(op -> op.startsWith("augment:"))))
                    .isNotEmpty().allSatisfy(r -> assertThat(r.getSplit()).isEqualTo(Split.TRAIN));
            // balanced by undersampling (the report's default): as many ham as spam after clean
            assertThat(reports.get("clean").getLabelsOut().get("ham")).isEqualTo(reports.get("clean").getLabelsOut().get("spam"));
        }
    }

    @Test
    void shouldGiveIdenticalSplitsWhenSameDatasetIsPublishedAgainWithSameSeed() throws Exception {
        upload("e2e-a");
        upload("e2e-b");

        try (DatasetReadback readback = new DatasetReadback(stack.cliConnection())) {
            List<DatasetRecord> a = readback.records(topic(Topics.DATASETS_SPLIT), "spam-assassin", "e2e-a", Duration.ofMinutes(3)).getKey();
            List<DatasetRecord> b = readback.records(topic(Topics.DATASETS_SPLIT), "spam-assassin", "e2e-b", Duration.ofMinutes(3)).getKey();
            assertThat(a).isNotEmpty().isEqualTo(b);
        }
    }

    private static void upload(String version) throws Exception {
        DatasetUploader.Answer answer = new DatasetUploader(TOKENS.of(Roles.PUBLISHER)).upload(ingest, "spam-assassin", version, dataset,
                Map.of("balance", "undersample", "seed", "42", "onInvalid", "skip"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    private static Set<String> texts(List<DatasetRecord> records, Split split) {
        return records.stream().filter(r -> r.getSplit() == split).map(DatasetRecord::getText).collect(Collectors.toCollection(HashSet::new));
    }

    private static String topic(String base) {
        return Topics.name(Topics.DEFAULT_PREFIX, base);
    }
}
