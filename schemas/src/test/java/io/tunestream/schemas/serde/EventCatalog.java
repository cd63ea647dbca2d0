package io.tunestream.schemas.serde;

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
import io.tunestream.events.TrainingRequest;
import org.apache.avro.specific.SpecificRecord;

import java.util.List;

/** Every top-level event of DESIGN.md section 1. */
final class EventCatalog {

    static final List<Class<? extends SpecificRecord>> EVENTS = List.of(DatasetEvent.class, StageReport.class,
            TrainingRequest.class, JobStatus.class, TrainingMetric.class, Checkpoint.class, Evaluation.class,
            ModelVersion.class, DeploymentEvent.class, ScoringRequest.class, ScoringResult.class,
            SweepRequest.class, SweepState.class);

    private EventCatalog() {
    }
}
