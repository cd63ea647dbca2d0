package io.tunestream.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import org.junit.jupiter.api.Test;

/** The drill's pure parts: fault names, the accounting of a stage's reports, and the table. */
class ChaosReportTest {

    @Test
    void shouldParseFaultNamesInCatalogueOrderWhenGivenAList() {
        // Given names in any order, one twice
        String names = "broker-restart, kill-clean,term-registry,kill-clean";

        // When
        List<Fault> faults = Fault.parse(names);

        // Then
        assertThat(faults).containsExactly(Fault.KILL_CLEAN, Fault.TERM_REGISTRY, Fault.BROKER_RESTART);
        assertThat(Fault.parse("all")).hasSize(17);
        assertThat(Fault.KILL_TRAINER.cliName()).isEqualTo("kill-trainer");
        assertThat(Fault.V2_PRODUCER.cliName()).isEqualTo("v2-producer");
    }

    @Test
    void shouldRefuseAnUnknownFaultNamingTheKnownOnes() {
        assertThatThrownBy(() -> Fault.parse("kill-clean,kill-everything"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown fault 'kill-everything'").hasMessageContaining("term-evaluator");
    }

    @Test
    void shouldAcceptOneBalancedCompletedReportMatchingTheSeal() {
        // Given clean's one report: 100 in, 70 out, 20 + 6 dropped, 4 dead-lettered
        List<StageReport> reports = List.of(report("clean", 100, 70, 0, Map.of("undersampled", 20L,
                "exact_duplicate", 6L), 4), report("ingest", 100, 100, 0, Map.of(), 0));

        // When
        List<String> problems = StageAccounting.problems("clean", reports, 1, 70L);

        // Then
        assertThat(problems).isEmpty();
        assertThat(StageAccounting.counts(reports.get(0))).isEqualTo(new Counts(100, 70, 0, 26, 4));
    }

    @Test
    void shouldReportADuplicateAnUnbalancedReportAndAWrongSeal() {
        // Given augment reported twice, the first losing 5 records, and two seals on its output
        StageReport lossy = report("augment", 100, 120, 30, Map.of(), 0);
        List<StageReport> reports = List.of(lossy, report("augment", 100, 125, 25, Map.of(), 0));

        // When
        List<String> problems = StageAccounting.problems("augment", reports, 2, 125L);

        // Then
        assertThat(problems).containsExactly("augment reported the version 2 times (processed more than once)",
                "augment: in 100 != out 120 - generated 30 + dropped 0 + dead-lettered 0",
                "augment's output holds 2 seals of the version, not 1");
        assertThat(StageAccounting.problems("split", reports, 0, null))
                .containsExactly("split reported nothing for the version");
    }

    @Test
    void shouldChainStagesOnlyWhenEachReadsWhatTheOneBeforeWrote() {
        // Given ingest 100 -> 98 (2 dropped), clean 98 -> 60 (38 dropped), augment 60 -> 90 (30 generated)
        Counts ingest = new Counts(100, 98, 0, 2, 0);
        Counts clean = new Counts(98, 60, 0, 38, 0);
        Counts augment = new Counts(60, 90, 30, 0, 0);

        // When
        Counts chained = StageAccounting.chain(List.of(ingest, clean, augment));

        // Then
        assertThat(chained).isEqualTo(new Counts(100, 90, 30, 40, 0));
        assertThat(chained.balanced()).isTrue();
        assertThat(StageAccounting.chain(List.of(ingest, new Counts(97, 60, 0, 37, 0)))).isNull();
    }

    @Test
    void shouldRenderOneRowPerFaultAndTheReasonOfEachFailure() {
        // Given a passed fault and one that never recovered
        FaultResult passed = new FaultResult(Fault.KILL_CLEAN, "version in progress; SIGKILL; ready again in 8.0s",
                new Counts(120, 80, 0, 40, 0), Duration.ofMillis(12_345), List.of());
        FaultResult failed = new FaultResult(Fault.TERM_TRAINER, "at step 2; SIGTERM: exited in 1.0s",
                new Counts(1, 0, 0, 0, 0), null, List.of("the job did not finish within 60 s"));

        // When
        String table = ChaosTable.render(List.of(passed, failed));

        // Then
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0).split("\\s{2,}")).containsExactlyElementsOf(ChaosTable.HEADER);
        assertThat(lines.get(1).split("\\s{2,}")).containsExactly("kill-clean",
                "version in progress; SIGKILL; ready again in 8.0s", "120", "80", "40", "0", "12.3s", "PASS");
        assertThat(lines.get(2).split("\\s{2,}")).startsWith("term-trainer").endsWith("never", "FAIL");
        assertThat(lines).contains("1 of 2 faults passed", "FAIL term-trainer: the job did not finish within 60 s");
    }

    private static StageReport report(String stage, long in, long out, long generated, Map<String, Long> dropped,
            long deadLettered) {
        return StageReport.newBuilder().setReportId(stage + "-" + in).setDatasetId("chaos").setVersion("1")
                .setStage(stage).setRecordsIn(in).setRecordsOut(out).setGenerated(generated).setDropped(dropped)
                .setDeadLettered(deadLettered).setStatus(StageStatus.COMPLETED).setProducedAt(Instant.EPOCH).build();
    }
}
