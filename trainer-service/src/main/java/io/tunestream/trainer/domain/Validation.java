package io.tunestream.trainer.domain;

import java.util.Map;

/** Scores the validation split without dropout, in batches of twice the micro-batch, through the job's objective. */
final class Validation {

    private Validation() {
    }

    static Map<String, Double> evaluate(FineTuneJob job) {
        return job.objective().validate(job.data().validation(), Math.max(1, job.plan().microBatch() * 2),
                job.manager());
    }
}
