package io.tunestream.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Configuration of the registry service ({@code tunestream.registry.*}). */
@ConfigMapping(prefix = "tunestream.registry")
public interface RegistryConfig {

    /** Prefix of every topic name ({@code tunestream.evaluations}, {@code tunestream.models}, ...). */
    @WithDefault("tunestream.")
    String topicPrefix();

    /** Root directory of the artifact store: versions' weights live in {@code <root>/<name>/<version>/}. */
    @WithDefault("${java.io.tmpdir}/tunestream/registry-artifacts")
    String artifactRoot();

    /**
     * Directories the registry copies artifacts from (comma-separated): the trainer's artifact directory and the
     * evaluator's work directory. An evaluation naming a file anywhere else, or without the file's SHA-256, is
     * dead-lettered with the reason.
     */
    @WithDefault("${user.home}/.cache/tunestream/artifacts,${user.home}/.cache/tunestream/evaluator")
    List<String> artifactSourceRoots();

    /**
     * The registry's base URL as a cluster reaches it ({@code http://registry-service.tunestream.svc:8080}): deployment
     * events name a version's weights by {@code <public-url>/api/models/<name>/versions/<v>/artifact}, a URL any
     * pod with a reader token can fetch. Default: this host ({@code REGISTRY_HOST}, else localhost) and HTTP port.
     */
    @WithDefault("http://${REGISTRY_HOST:localhost}:${quarkus.http.port}")
    String publicUrl();

    /** Register versions from evaluations that were not blessed too (they cannot become champion unless forced). */
    @WithDefault("false")
    boolean registerUnblessed();

    /** Promote blessed new versions to champion automatically, for models without a rule in {@link #autoPromote()}. */
    @WithDefault("false")
    boolean autoPromoteDefault();

    /** Per model name: promote blessed new versions to champion automatically ({@code auto-promote."spam"=true}). */
    Map<String, Boolean> autoPromote();

    /** Resource hints put on every deployment event ({@code deployment-resources."nvidia.com/gpu"=1}). */
    Map<String, String> deploymentResources();

    /** How long a changing call waits for its command to be applied before answering 504. */
    @WithDefault("15s")
    Duration commandTimeout();

    /**
     * On SIGTERM, how long the registration in hand (an artifact copy included) gets to finish and commit before the
     * streams stop without committing it (a replacement then applies it again, idempotently by evaluation id).
     */
    @WithDefault("25s")
    Duration shutdownGrace();

    /**
     * Tries of an artifact copy that fails on an I/O error (a full disk) before its registration is dead-lettered;
     * the pauses between them double from {@link #artifactRetryFirstPause()} up to 8 s (1 + 2 + 4 + 8 s with the
     * defaults). A dead-lettered registration comes back with {@code tunestream dlq replay}.
     */
    @WithDefault("5")
    int artifactRetryAttempts();

    /** Pause before the second try of a failed artifact copy. */
    @WithDefault("1s")
    Duration artifactRetryFirstPause();

    /** Topic creation at start-up. */
    Topics topics();

    /** Topic creation at start-up (off where an operator such as Strimzi owns topics). */
    interface Topics {
        /** Create missing topics at start-up. */
        @WithDefault("true")
        boolean create();

        /** Partitions of topics created here. */
        @WithDefault("3")
        int partitions();

        /** Replication factor of topics created here. */
        @WithDefault("1")
        short replicationFactor();
    }
}
