package io.tunestream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tunestream.launcher.chaos.ChaosTable;
import io.tunestream.launcher.chaos.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite of the default run: the real {@code tunestream chaos --quick} process starts its own embedded
 * stack (broker child JVM, the seven services), kills and stops every service mid-work, restarts the broker under
 * load, fills the registry's disk and writes a newer schema beside the running services, and must print one PASS
 * row per fault and exit 0. Starts the whole stack: run it under {@code flock /tmp/stack.lock}.
 */
@Timeout(value = 16, unit = TimeUnit.MINUTES)
class ChaosEndToEndTest {

    @Test
    void shouldPassEveryFaultAndPrintOneRowEachWhenTheQuickDrillRuns(@TempDir Path work) {
        // Given the built services (./mvnw package -DskipTests) and every fault of the catalogue
        List<String> faults = Arrays.stream(Fault.values()).map(Fault::cliName).toList();

        // When the drill runs as a person runs it
        long started = System.nanoTime();
        CliRun run = CliRun.of("chaos", "--quick", "--project-dir", Path.of("..").toAbsolutePath().toString(),
                "--work-dir", work.toString());
        System.out.printf("chaos --quick took %.1f s%n%s%n", (System.nanoTime() - started) / 1e9, run.out());

        // Then the table has its header and one row per fault, in catalogue order, every one PASS
        List<String> lines = run.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("fault  ")).findFirst().orElse(""));
        assertThat(header).as(run.toString()).isNotNegative();
        assertThat(lines.get(header).split("\\s{2,}")).containsExactlyElementsOf(ChaosTable.HEADER);
        List<String[]> rows = lines.subList(header + 1, header + 1 + faults.size()).stream()
                .map(l -> l.split("\\s{2,}")).toList();
        assertThat(rows).extracting(r -> r[0]).containsExactlyElementsOf(faults);
        assertThat(rows).as(run.toString()).allSatisfy(r -> {
            assertThat(r).hasSize(ChaosTable.HEADER.size());
            assertThat(r[r.length - 1]).isEqualTo("PASS");
        });
        assertThat(run.out()).contains(faults.size() + " of " + faults.size() + " faults passed");
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }
}
