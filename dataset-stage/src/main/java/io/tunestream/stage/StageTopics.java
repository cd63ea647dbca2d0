package io.tunestream.stage;

import io.tunestream.schemas.Topics;

/**
 * Topics of one data stage.
 *
 * @param input   dataset topic read
 * @param output  dataset topic written
 * @param reports stage-report topic
 * @param dlq     dead-letter topic of the input
 */
public record StageTopics(String input, String output, String reports, String dlq) {

    /** The usual wiring: {@code prefix + inputBase} to {@code prefix + outputBase}, reports and the input's DLQ. */
    public static StageTopics of(String prefix, String inputBase, String outputBase) {
        String input = Topics.name(prefix, inputBase);
        return new StageTopics(input, Topics.name(prefix, outputBase), Topics.name(prefix, Topics.DATASETS_REPORTS),
                Topics.dlq(input));
    }
}
