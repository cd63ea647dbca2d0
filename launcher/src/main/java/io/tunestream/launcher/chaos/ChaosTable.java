package io.tunestream.launcher.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chaos report as an aligned text table, one row per fault: fault, what happened, records in / out / dropped /
 * dead-lettered, time to recover, verdict; then, for each FAIL, why.
 */
public final class ChaosTable {

    /** The column headers, in order. */
    public static final List<String> HEADER = List.of("fault", "happened", "in", "out", "dropped", "dlq",
            "recovered", "verdict");

    private ChaosTable() {
    }

    /** Renders {@code results} (header line, one line per result, then the reasons of the failures). */
    public static String render(List<FaultResult> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (FaultResult r : results) {
            Counts c = r.counts();
            rows.add(List.of(r.fault().cliName(), oneLine(r.happened()), Long.toString(c.in()), Long.toString(c.out()),
                    Long.toString(c.dropped()), Long.toString(c.deadLettered()),
                    r.recovery() == null ? "never" : String.format(Locale.ROOT, "%.1fs", r.recovery().toMillis() / 1000.0),
                    r.verdict()));
        }
        StringBuilder out = new StringBuilder(align(rows));
        long failed = results.stream().filter(r -> !r.passed()).count();
        out.append(String.format(Locale.ROOT, "%d of %d faults passed%n", results.size() - failed, results.size()));
        for (FaultResult r : results) {
            r.failures().forEach(f -> out.append("FAIL ").append(r.fault().cliName()).append(": ").append(oneLine(f))
                    .append('\n'));
        }
        return out.toString();
    }

    /** A cell on one line, with single spaces only: the table's columns are split on two or more. */
    private static String oneLine(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return flat.isEmpty() ? "-" : flat;
    }

    private static String align(List<List<String>> rows) {
        int[] widths = new int[HEADER.size()];
        rows.forEach(r -> {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(String.format("%-" + widths[i] + "s  ", r.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
