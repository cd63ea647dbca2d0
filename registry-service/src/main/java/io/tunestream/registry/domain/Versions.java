package io.tunestream.registry.domain;

import io.tunestream.events.ModelStatus;
import io.tunestream.events.ModelVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * Copies of a version with one thing changed, made with {@code ModelVersion.newBuilder(existing)} so that every
 * other field, including any added later, is kept.
 */
final class Versions {

    private Versions() {
    }

    static ModelVersion withAliases(ModelVersion v, List<String> aliases) {
        return ModelVersion.newBuilder(v).setAliases(new ArrayList<>(aliases)).build();
    }

    static ModelVersion withStatus(ModelVersion v, ModelStatus status) {
        return ModelVersion.newBuilder(v).setStatus(status).build();
    }
}
