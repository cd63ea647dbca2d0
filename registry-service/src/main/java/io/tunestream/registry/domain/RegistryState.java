package io.tunestream.registry.domain;

import io.tunestream.events.ModelVersion;

import java.util.Optional;

/** Read access to the registry state that a decision needs; backed by Kafka Streams stores in the service. */
public interface RegistryState {

    /** The model's head, or an empty head when the model is unknown. */
    ModelHead head(String name);

    /** One version of a model. */
    Optional<ModelVersion> version(String name, int version);

    /** The version already registered from an evaluation, if any (idempotency by evaluation id). */
    Optional<Integer> versionOfEvaluation(String evaluationId);
}
