package io.tunestream.registry.domain;

import io.tunestream.events.ModelStatus;
import io.tunestream.events.ModelVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * Copies of a version with one thing changed. Built with the all-fields constructor, not
 * {@code ModelVersion.newBuilder(other)}: the builder deep-copies enums through Avro's default model, whose class
 * loader is not the application's under Quarkus (ModelStatus cannot be cast to ModelStatus).
 */
final class Versions {

    private Versions() {
    }

    static ModelVersion withAliases(ModelVersion v, List<String> aliases) {
        return new ModelVersion(v.getName(), v.getVersion(), new ArrayList<>(aliases), v.getStatus(),
                v.getEvaluationId(), v.getBlessed(), v.getLineage(), v.getMetrics(), v.getArtifactUri(),
                v.getArtifactSha256(), v.getCreatedAt());
    }

    static ModelVersion withStatus(ModelVersion v, ModelStatus status) {
        return new ModelVersion(v.getName(), v.getVersion(), new ArrayList<>(v.getAliases()), status,
                v.getEvaluationId(), v.getBlessed(), v.getLineage(), v.getMetrics(), v.getArtifactUri(),
                v.getArtifactSha256(), v.getCreatedAt());
    }
}
