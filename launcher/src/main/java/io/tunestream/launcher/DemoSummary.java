package io.tunestream.launcher;

import io.tunestream.events.StageReport;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Prints what the demo found on each topic, as a person would want to read it. */
final class DemoSummary {

    private final PrintStream out;

    DemoSummary(PrintStream out) {
        this.out = out;
    }

    void dataset(DatasetSnapshot s) {
        out.println();
        out.println("  " + s.topic());
        if (s.seal() == null) {
            out.println("    NO SEAL before the deadline: " + s.records() + " records seen so far");
            return;
        }
        out.printf("    records   %,d (seal declares %,d: %s)%n", s.records(), s.seal().getRecordCount(),
                s.complete() ? "complete" : "MISMATCH");
        out.println("    by label  " + format(s.labels()));
        if (!s.splits().isEmpty()) {
            out.println("    by split  " + format(s.splits()));
        }
        if (s.undecodable() > 0) {
            out.println("    undecodable records under this key: " + s.undecodable());
        }
        if (!s.seal().getConfig().isEmpty()) {
            out.println("    config    " + format(s.seal().getConfig()));
        }
        out.println();
    }

    void reports(List<StageReport> reports) {
        for (StageReport r : reports) {
            out.printf("  report of %-8s in %,d, out %,d, dropped %s, dead-lettered %d, %s%n", r.getStage(),
                    r.getRecordsIn(), r.getRecordsOut(), format(r.getDropped()), r.getDeadLettered(), r.getStatus());
        }
    }

    private static String format(Map<String, ?> map) {
        StringBuilder sb = new StringBuilder();
        map.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=')
                .append(v instanceof Long n ? String.format("%,d", n) : v));
        return sb.length() == 0 ? "-" : sb.toString();
    }
}
