package io.tunestream.launcher;

import io.tunestream.schemas.Topics;

import java.util.List;

/** Which service writes which dataset topic, in pipeline order. */
final class StageTopicOrder {

    /** {service module, base topic it writes}. */
    static final List<String[]> STAGES = List.of(
            new String[] {"ingest-service", Topics.DATASETS_RAW},
            new String[] {"clean-service", Topics.DATASETS_CLEAN},
            new String[] {"split-service", Topics.DATASETS_SPLIT},
            new String[] {"augment-service", Topics.DATASETS_PREPARED});

    private StageTopicOrder() {
    }
}
