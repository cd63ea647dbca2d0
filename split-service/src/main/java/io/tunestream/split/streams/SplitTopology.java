package io.tunestream.split.streams;

import io.tunestream.schemas.Topics;
import io.tunestream.split.config.SplitServiceConfig;
import io.tunestream.stage.SealedDatasetTopology;
import io.tunestream.stage.StageTopics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

import java.util.Map;

/** split-service's topology: {@code datasets.clean} → split → {@code datasets.split}, reports and DLQ. */
@ApplicationScoped
public class SplitTopology {

    @Produces
    Topology topology(SplitServiceConfig config) {
        StageTopics topics = StageTopics.of(config.topicPrefix(), Topics.DATASETS_CLEAN, Topics.DATASETS_SPLIT);
        Map<String, String> defaults = Map.of("split", config.ratios(), "seed", Long.toString(config.seed()),
                "split.group-aware", Boolean.toString(config.groupAware()));
        return SealedDatasetTopology.build(topics, new SplitStage(defaults));
    }
}
