package io.tunestream.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Bearer tokens of the HTTP APIs ({@code tunestream.security.*}), one per role. None is baked in: a role whose token
 * is unset or blank cannot be obtained, so the calls that need it are refused (401). In Kubernetes the tokens come
 * from a Secret; the embedded launcher generates one per role per stack.
 */
@ConfigMapping(prefix = "tunestream.security")
public interface SecurityConfig {

    /** Token of the {@code admin} role (promote, rollback, archive; holds every role). Env TUNESTREAM_SECURITY_ADMIN_TOKEN. */
    Optional<String> adminToken();

    /** Token of the {@code publisher} role (dataset uploads). Env TUNESTREAM_SECURITY_PUBLISHER_TOKEN. */
    Optional<String> publisherToken();

    /** Token of the {@code trainer} role (jobs, sweeps, cancel). Env TUNESTREAM_SECURITY_TRAINER_TOKEN. */
    Optional<String> trainerToken();

    /** Token of the {@code evaluator} role (evaluations, scoring, merged weights). Env TUNESTREAM_SECURITY_EVALUATOR_TOKEN. */
    Optional<String> evaluatorToken();

    /** Token of the {@code reader} role (reads of models, artifacts, reports, jobs). Env TUNESTREAM_SECURITY_READER_TOKEN. */
    Optional<String> readerToken();

    /**
     * Let callers without a token read ({@code reader} role for anonymous callers). Off by default: reads of models
     * and artifacts need at least a reader token. Health, metrics and the OpenAPI document are always open.
     */
    @WithDefault("false")
    boolean anonymousReads();
}
