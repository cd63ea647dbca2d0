package io.tunestream.trainer.messaging;

import io.tunestream.schemas.Topics;

/**
 * Full names of the topics the trainer reads and writes.
 *
 * @param requests training requests (in)
 * @param requestsDlq undecodable training requests
 * @param prepared prepared datasets (in)
 * @param jobs compacted job status (out, and in for the view)
 * @param metrics metrics stream (out)
 * @param checkpoints checkpoints (out)
 */
public record TopicNames(String requests, String requestsDlq, String prepared, String jobs, String metrics,
        String checkpoints) {

    /** @return the names under a prefix */
    public static TopicNames of(String prefix) {
        String requests = Topics.name(prefix, Topics.TRAINING_REQUESTS);
        return new TopicNames(requests, Topics.dlq(requests), Topics.name(prefix, Topics.DATASETS_PREPARED),
                Topics.name(prefix, Topics.TRAINING_JOBS), Topics.name(prefix, Topics.TRAINING_METRICS),
                Topics.name(prefix, Topics.TRAINING_CHECKPOINTS));
    }
}
