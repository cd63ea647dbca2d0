package io.tunestream.augment.streams;

import io.tunestream.augment.config.AugmentServiceConfig;
import io.tunestream.augment.domain.BackTranslationClient;
import io.tunestream.augment.domain.BackTranslationSettings;
import io.tunestream.augment.translation.HttpBackTranslationClient;
import io.tunestream.augment.domain.WordNetSynonyms;
import io.tunestream.schemas.Topics;
import io.tunestream.stage.SealedDatasetTopology;
import io.tunestream.stage.StageTopics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

import java.net.URI;
import java.util.Map;

/** augment-service's topology: {@code datasets.split} → augment → {@code datasets.prepared}, reports and DLQ. */
@ApplicationScoped
public class AugmentTopology {

    @Produces
    Topology topology(AugmentServiceConfig config) {
        StageTopics topics = StageTopics.of(config.topicPrefix(), Topics.DATASETS_SPLIT, Topics.DATASETS_PREPARED);
        BackTranslationClient backTranslation = config.backTranslationUrl()
                .map(url -> (BackTranslationClient) new HttpBackTranslationClient(
                        new BackTranslationSettings(URI.create(url), config.backTranslationTimeout(), "en", "de", null)))
                .orElse(null);
        return SealedDatasetTopology.build(topics, new AugmentStage(defaults(config), new WordNetSynonyms(), backTranslation));
    }

    static Map<String, String> defaults(AugmentServiceConfig c) {
        return Map.of("augment.copies", Integer.toString(c.copies()), "augment.synonym-rate", Double.toString(c.synonymRate()),
                "augment.insertion-rate", Double.toString(c.insertionRate()), "augment.swap-rate", Double.toString(c.swapRate()),
                "augment.deletion-rate", Double.toString(c.deletionRate()), "seed", Long.toString(c.seed()));
    }
}
