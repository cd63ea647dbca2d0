package io.tunestream.launcher.chaos;

import java.util.ArrayList;
import java.util.List;

import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;

/**
 * Checks the end state of one data stage for one dataset version after a fault: exactly one report (a second one
 * means the version was processed twice), a completed one, every input record accounted for, and an output seal
 * that counts what the report says was written.
 */
final class StageAccounting {

    private StageAccounting() {
    }

    /** The counts of one report. */
    static Counts counts(StageReport report) {
        long dropped = report.getDropped().values().stream().mapToLong(Long::longValue).sum();
        return new Counts(report.getRecordsIn(), report.getRecordsOut(), report.getGenerated(), dropped,
                report.getDeadLettered());
    }

    /**
     * @param stage       the stage's name in its reports ({@code ingest}, {@code clean}, ...)
     * @param reports     every report of the version (any stage)
     * @param outputSeals how many seals of the version the stage's output topic holds
     * @param sealCount   the record count of the first of them, or null when there is none
     * @return what is wrong; empty when the stage's end state is right
     */
    static List<String> problems(String stage, List<StageReport> reports, int outputSeals, Long sealCount) {
        List<StageReport> mine = reports.stream().filter(r -> r.getStage().equals(stage)).toList();
        List<String> problems = new ArrayList<>();
        if (mine.isEmpty()) {
            problems.add(stage + " reported nothing for the version");
            return problems;
        }
        if (mine.size() > 1) {
            problems.add(stage + " reported the version " + mine.size() + " times (processed more than once)");
        }
        StageReport report = mine.get(0);
        if (report.getStatus() != StageStatus.COMPLETED) {
            problems.add(stage + " rejected the version: " + report.getMessage());
        }
        Counts c = counts(report);
        if (!c.balanced()) {
            problems.add(String.format("%s: in %d != out %d - generated %d + dropped %d + dead-lettered %d", stage,
                    c.in(), c.out(), c.generated(), c.dropped(), c.deadLettered()));
        }
        if (outputSeals != 1) {
            problems.add(stage + "'s output holds " + outputSeals + " seals of the version, not 1");
        } else if (sealCount != null && sealCount != report.getRecordsOut()) {
            problems.add(stage + "'s seal counts " + sealCount + " records, its report " + report.getRecordsOut());
        }
        return problems;
    }

    /**
     * The accounting of consecutive stages as one: the first one's input, the last one's output, the drops and dead
     * letters of all. Each stage must read exactly what the one before it wrote.
     *
     * @return the chained counts, or null when a stage's input is not its predecessor's output
     */
    static Counts chain(List<Counts> stages) {
        Counts total = null;
        for (Counts c : stages) {
            if (total == null) {
                total = c;
            } else if (c.in() != total.out()) {
                return null;
            } else {
                total = new Counts(total.in(), c.out(), total.generated() + c.generated(),
                        total.dropped() + c.dropped(), total.deadLettered() + c.deadLettered());
            }
        }
        return total == null ? Counts.NONE : total;
    }
}
