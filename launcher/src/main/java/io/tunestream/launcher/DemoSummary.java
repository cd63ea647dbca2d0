package io.tunestream.launcher;

import io.tunestream.events.StageReport;

import com.fasterxml.jackson.databind.JsonNode;
import io.tunestream.launcher.cli.ModelPhase;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
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

    /** The model half: training, the test metrics, the A/B comparison, the version and its aliases, the report. */
    void model(ModelPhase.Outcome m) {
        JsonNode e = m.evaluation();
        JsonNode metrics = e.path("metrics");
        out.println();
        out.printf("  training   job %s %s in %.0f s (%s)%n", m.jobId(), m.job().getState(), m.trainingSeconds(),
                m.job().getMessage());
        out.printf("  test set   %d records: accuracy %.4f, F1 macro %.4f, F1 weighted %.4f, ROC-AUC %s%n",
                e.path("testRecords").asLong(), metrics.path("accuracy").asDouble(), metrics.path("f1_macro").asDouble(),
                metrics.path("f1_weighted").asDouble(), metrics.has("roc_auc")
                        ? String.format(Locale.ROOT, "%.4f", metrics.path("roc_auc").asDouble()) : "-");
        JsonNode cm = e.path("confusionMatrix");
        if (!cm.isMissingNode()) {
            List<String> labels = new ArrayList<>();
            cm.path("labels").forEach(l -> labels.add(l.asText()));
            int width = Math.max(8, labels.stream().mapToInt(String::length).max().orElse(0) + 2);
            out.printf("  confusion  %" + width + "s", "true\\pred");
            labels.forEach(l -> out.printf("%" + width + "s", l));
            out.println();
            for (int i = 0; i < labels.size(); i++) {
                out.printf("             %" + width + "s", labels.get(i));
                for (JsonNode c : cm.path("counts").get(i)) {
                    out.printf("%" + width + "d", c.asLong());
                }
                out.println();
            }
        }
        JsonNode ab = e.path("comparison");
        if (!ab.isMissingNode() && !ab.isNull()) {
            out.printf("  A/B        vs champion v%d: %s p = %.3g, F1 macro delta %+.4f (95%% CI %+.4f .. %+.4f)%n",
                    ab.path("championVersion").asInt(), ab.path("test").asText(), ab.path("pValue").asDouble(),
                    ab.path("metricDelta").asDouble(), ab.path("ciLow").asDouble(), ab.path("ciHigh").asDouble());
        } else {
            out.println("  A/B        no champion yet: the first model is judged on its threshold alone");
        }
        out.println("  blessed    " + e.path("blessed").asBoolean());
        e.path("reasons").forEach(r -> out.println("             " + r.asText()));
        if (m.version().isPresent()) {
            JsonNode v = m.version().get();
            out.printf("  registered %s version %d, aliases %s%n", v.path("name").asText(), v.path("version").asInt(),
                    v.path("aliases"));
            if (!v.path("aliases").toString().contains("\"champion\"") && ab.has("championVersion")) {
                out.printf("             not promoted: the champion stays version %d%n", ab.path("championVersion").asInt());
            }
        } else {
            out.println("  registered NOT YET: the registry has no version of this evaluation (see its log)");
        }
        if (e.hasNonNull("reportUri")) {
            out.println("  report     " + Path.of(URI.create(e.path("reportUri").asText())));
        }
    }

    private static String format(Map<String, ?> map) {
        StringBuilder sb = new StringBuilder();
        map.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=')
                .append(v instanceof Long n ? String.format("%,d", n) : v));
        return sb.length() == 0 ? "-" : sb.toString();
    }
}
