package io.tunestream.augment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * augment-service settings ({@code tunestream.augment.*}): the defaults a dataset gets when its seal's
 * {@code config} does not say otherwise (see {@link io.tunestream.augment.streams.AugmentSettings}).
 */
@ConfigMapping(prefix = "tunestream.augment")
public interface AugmentServiceConfig {

    /** Prefix of every topic name. */
    @WithDefault("tunestream.")
    String topicPrefix();

    /** Augmented copies per train record (EDA's n_aug); 0 turns plain augmentation off. */
    @WithDefault("1")
    int copies();

    /** Share of words replaced by a WordNet synonym. */
    @WithDefault("0.1")
    double synonymRate();

    /** Share of words inserted (synonyms of words of the sentence). */
    @WithDefault("0.1")
    double insertionRate();

    /** Share of words swapped. */
    @WithDefault("0.1")
    double swapRate();

    /** Probability of deleting each word. */
    @WithDefault("0.1")
    double deletionRate();

    /** Seed of every random choice. */
    @WithDefault("42")
    long seed();

    /** Back-translation service (LibreTranslate-compatible JSON API); back-translation is off without it. */
    Optional<String> backTranslationUrl();

    /** Timeout of one back-translation call. */
    @WithDefault("10s")
    Duration backTranslationTimeout();
}
