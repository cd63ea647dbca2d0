package io.tunestream.evaluator.messaging;

import io.tunestream.schemas.Topics;

/**
 * Full names of the topics the evaluator reads and writes.
 *
 * @param checkpoints checkpoints (in)
 * @param checkpointsDlq checkpoints that could not be evaluated, with the reason
 * @param prepared prepared datasets (in: the TEST split)
 * @param metrics training metrics (in: the curves of the report)
 * @param models the registry's compacted models topic (in: champions and scoring models)
 * @param evaluations evaluations (out)
 * @param scoringRequests batch scoring requests (in)
 * @param scoringRequestsDlq undecodable scoring requests
 * @param scoringResults batch scoring results (out)
 */
public record EvaluatorTopics(String checkpoints, String checkpointsDlq, String prepared, String metrics, String models,
        String evaluations, String scoringRequests, String scoringRequestsDlq, String scoringResults) {

    /** @return the names under a prefix */
    public static EvaluatorTopics of(String prefix) {
        String checkpoints = Topics.name(prefix, Topics.TRAINING_CHECKPOINTS);
        String scoring = Topics.name(prefix, Topics.SCORING_REQUESTS);
        return new EvaluatorTopics(checkpoints, Topics.dlq(checkpoints), Topics.name(prefix, Topics.DATASETS_PREPARED),
                Topics.name(prefix, Topics.TRAINING_METRICS), Topics.name(prefix, Topics.MODELS),
                Topics.name(prefix, Topics.EVALUATIONS), scoring, Topics.dlq(scoring),
                Topics.name(prefix, Topics.SCORING_RESULTS));
    }
}
