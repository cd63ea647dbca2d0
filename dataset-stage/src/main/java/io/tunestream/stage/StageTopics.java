package io.tunestream.stage;

import io.tunestream.schemas.Topics;

/**
 * Topics of one data stage.
 *
 * @param input   dataset topic read
 * @param output  dataset topic written
 * @param reports stage-report topic
 * @param dlq     dead-letter topic of the input
 * @param index   the dataset index (compacted: where each version lies on the output topic)
 */
public record StageTopics(String input, String output, String reports, String dlq, String index) {

    /**
     * The usual wiring: {@code prefix + inputBase} to {@code prefix + outputBase}, reports, the input's DLQ and the
     * dataset index.
     */
    public static StageTopics of(String prefix, String inputBase, String outputBase) {
        String input = Topics.name(prefix, inputBase);
        return new StageTopics(input, Topics.name(prefix, outputBase), Topics.name(prefix, Topics.DATASETS_REPORTS),
                Topics.dlq(input), Topics.name(prefix, Topics.DATASETS_INDEX));
    }
}
