package io.tunestream.schemas.serde;

import java.util.List;

import io.tunestream.events.Checkpoint;
import io.tunestream.events.DatasetEvent;
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

/**
 * Every event type a topic carries (one per top-level {@code .avsc} in {@code src/main/avro}): what a process
 * publishes to the {@link SchemaTopic} before it writes, and what the frozen-sample test covers.
 */
public final class EventSchemas {

    /** The generated classes of the events, one per top-level schema file. */
    public static final List<Class<? extends SpecificRecord>> TYPES = List.of(Checkpoint.class, DatasetEvent.class,
            DeploymentEvent.class, Evaluation.class, JobStatus.class, ModelVersion.class,
            ScoringRequest.class, ScoringResult.class, StageReport.class, SweepRequest.class, SweepState.class,
            TrainingMetric.class, TrainingRecipe.class, TrainingRequest.class);

    private EventSchemas() {
    }

    /** The current schema of every event type. */
    public static List<Schema> current() {
        return TYPES.stream().map(SingleObjectCodec::schemaOf).toList();
    }
}
