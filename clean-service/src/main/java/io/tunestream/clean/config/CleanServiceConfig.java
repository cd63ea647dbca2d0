package io.tunestream.clean.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * clean-service settings ({@code tunestream.clean.*}). Each is the default a dataset gets when its seal's
 * {@code config} does not say otherwise (see {@link io.tunestream.clean.streams.CleanSettings}).
 */
@ConfigMapping(prefix = "tunestream.clean")
public interface CleanServiceConfig {

    /** Prefix of every topic name. */
    @WithDefault("tunestream.")
    String topicPrefix();

    /** Balance policy: none, undersample, oversample or class-weights. */
    @WithDefault("undersample")
    String balance();

    /** Seed of every random choice (undersampling). */
    @WithDefault("42")
    long seed();

    /** Jaccard threshold of near-duplicate removal, or {@code off}. */
    @WithDefault("0.9")
    String nearDuplicates();

    /** Convert HTML to text (jsoup) before normalising. */
    @WithDefault("false")
    boolean htmlToText();

    /** Strip quoted replies, "On ... wrote:" lines and signatures (e-mail datasets). */
    @WithDefault("false")
    boolean stripEmail();

    /** Case-fold texts. */
    @WithDefault("false")
    boolean lowercase();
}
