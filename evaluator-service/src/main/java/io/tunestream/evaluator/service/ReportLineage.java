package io.tunestream.evaluator.service;

import io.tunestream.evaluator.report.Lineage;
import io.tunestream.events.Checkpoint;
import java.util.Map;
import java.util.TreeMap;

/** The report's lineage section from a checkpoint's lineage: the flattened config split into method and hyper-parameters. */
final class ReportLineage {

    private static final String METHOD = "method.";
    private static final String HYPER = "hyperParameters.";

    private ReportLineage() {
    }

    static Lineage of(Checkpoint checkpoint) {
        var l = checkpoint.getLineage();
        Map<String, String> method = new TreeMap<>();
        Map<String, String> hyper = new TreeMap<>();
        l.getConfig().forEach((k, v) -> {
            if (k.startsWith(METHOD) && !k.equals(METHOD + "type")) {
                method.put(k.substring(METHOD.length()), v);
            } else if (k.startsWith(HYPER)) {
                hyper.put(k.substring(HYPER.length()), v);
            }
        });
        return new Lineage(l.getDatasetId(), l.getDatasetVersion(), l.getJobId(), l.getBaseModel(),
                checkpoint.getMethod().getType().name(), method, hyper, l.getSeed());
    }
}
