package io.tunestream.trainer.rest;

import io.tunestream.events.JobStatus;

/** JSON view of a job status; {@code epoch} is the fencing epoch of the run that wrote it. */
public record JobView(String jobId, String state, long step, long totalSteps, double progress, String message,
        String workerId, String modelName, String datasetId, String datasetVersion, String lastCheckpointId,
        String updatedAt, long epoch) {

    static JobView of(JobStatus s) {
        return new JobView(s.getJobId(), s.getState().name(), s.getStep(), s.getTotalSteps(), s.getProgress(),
                s.getMessage(), s.getWorkerId(), s.getModelName(), s.getDatasetId(), s.getDatasetVersion(),
                s.getLastCheckpointId(), String.valueOf(s.getUpdatedAt()), s.getEpoch());
    }
}
