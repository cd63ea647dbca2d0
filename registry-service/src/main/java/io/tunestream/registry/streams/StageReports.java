package io.tunestream.registry.streams;

import io.tunestream.events.StageReport;

import java.util.Comparator;
import java.util.List;

/** How the stage-reports store is keyed and ordered, for the readers of {@link RegistryStores#STAGE_REPORTS}. */
public final class StageReports {

    /** The data stages in pipeline order. */
    public static final List<String> STAGES = List.of("ingest", "clean", "split", "augment");

    /** Pipeline order first, then any other stage by name. */
    public static final Comparator<StageReport> PIPELINE_ORDER = Comparator
            .comparingInt((StageReport r) -> STAGES.contains(r.getStage()) ? STAGES.indexOf(r.getStage()) : STAGES.size())
            .thenComparing(StageReport::getStage);

    private StageReports() {
    }

    /** The store key of a dataset version's report of one stage ({@code datasetId@version/stage}). */
    public static String key(String datasetId, String version, String stage) {
        return datasetPrefix(datasetId, version) + stage;
    }

    /** The key prefix of every report of a dataset version ({@code datasetId@version/}). */
    public static String datasetPrefix(String datasetId, String version) {
        return datasetId + "@" + version + "/";
    }
}
