package io.tunestream.examples.watcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Settings of the deployment watcher ({@code tunestream.watcher.*}). */
@ConfigMapping(prefix = "tunestream.watcher")
public interface WatcherConfig {

    /**
     * Prefix of tunestream's topic names; the watcher reads {@code <prefix>deployments} (the topic itself is set in
     * application.properties from it).
     */
    @WithDefault("tunestream.")
    String topicPrefix();

    /** Namespace of the objects; empty: the client's namespace (in a pod, the pod's own). */
    Optional<String> namespace();

    /** Prefix of each object's name: {@code <prefix><model>-<alias>}. */
    @WithDefault("tunestream-")
    String objectPrefix();

    /**
     * How often one event re-reads and re-writes its object when another writer changed it in between (HTTP 409,
     * resourceVersion conflict), before the event fails.
     */
    @WithDefault("5")
    int conflictRetries();
}
