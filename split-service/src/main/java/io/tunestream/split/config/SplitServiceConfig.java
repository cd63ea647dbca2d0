package io.tunestream.split.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * split-service settings ({@code tunestream.split.*}): the defaults a dataset gets when its seal's
 * {@code config} does not say otherwise (see {@link io.tunestream.split.streams.SplitSettings}).
 */
@ConfigMapping(prefix = "tunestream.split")
public interface SplitServiceConfig {

    /** Prefix of every topic name. */
    @WithDefault("tunestream.")
    String topicPrefix();

    /** Train, validation and test shares, comma-separated, summing to 1. */
    @WithDefault("0.8,0.1,0.1")
    String ratios();

    /** Seed of the deterministic split. */
    @WithDefault("42")
    long seed();

    /** Keep all records of a group key in one split. */
    @WithDefault("true")
    boolean groupAware();
}
