package io.tunestream.schemas.serde;

import io.tunestream.events.Checkpoint;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetIndexEntry;
import io.tunestream.events.DeploymentEvent;
import io.tunestream.events.Evaluation;
import io.tunestream.events.JobStatus;
import io.tunestream.events.ModelVersion;
import io.tunestream.events.ScoringRequest;
import io.tunestream.events.ScoringResult;
import io.tunestream.events.StageReport;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.SweepState;
import io.tunestream.events.TrainingMetric;
import io.tunestream.events.TrainingRecipe;
import io.tunestream.events.TrainingRequest;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import java.util.List;

/**
 * Every event written to a topic on its own (one per top-level {@code .avsc}; the types under {@code common/} only
 * appear inside them). Registry mode registers these, one subject per event's full name; without a registry, each
 * service publishes them to the schemas topic ({@link SchemaTopic}), and each released version has a frozen sample.
 */
public final class EventCatalog {

    /** The event classes, in the order of their {@code .avsc} files. */
    public static final List<Class<? extends SpecificRecord>> EVENTS = List.of(Checkpoint.class, DatasetEvent.class,
            DatasetIndexEntry.class,
            DeploymentEvent.class, Evaluation.class, JobStatus.class, ModelVersion.class,
            ScoringRequest.class, ScoringResult.class, StageReport.class, SweepRequest.class, SweepState.class,
            TrainingMetric.class, TrainingRecipe.class, TrainingRequest.class);

    private EventCatalog() {
    }

    /** The compiled schemas of {@link #EVENTS} (self-contained: shared types are inlined). */
    public static List<Schema> schemas() {
        return EVENTS.stream().map(SingleObjectCodec::schemaOf).toList();
    }
}
