package io.tunestream.clean.streams;

import io.tunestream.clean.config.CleanServiceConfig;
import io.tunestream.schemas.Topics;
import io.tunestream.stage.SealedDatasetTopology;
import io.tunestream.stage.StageTopics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

import java.util.Map;

/** clean-service's topology: {@code datasets.raw} → clean → {@code datasets.clean}, reports and DLQ. */
@ApplicationScoped
public class CleanTopology {

    @Produces
    Topology topology(CleanServiceConfig config) {
        StageTopics topics = StageTopics.of(config.topicPrefix(), Topics.DATASETS_RAW, Topics.DATASETS_CLEAN);
        return SealedDatasetTopology.build(topics, new CleanStage(defaults(config)));
    }

    static Map<String, String> defaults(CleanServiceConfig c) {
        return Map.of("balance", c.balance(), "seed", Long.toString(c.seed()),
                "clean.near-duplicates", c.nearDuplicates(), "clean.html", Boolean.toString(c.htmlToText()),
                "clean.email", Boolean.toString(c.stripEmail()), "clean.lowercase", Boolean.toString(c.lowercase()),
                "clean.dedupe", "true");
    }
}
