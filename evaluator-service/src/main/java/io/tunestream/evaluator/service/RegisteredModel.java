package io.tunestream.evaluator.service;

import io.tunestream.model.events.ModelSpec;
import java.nio.file.Path;

/**
 * A registered model version ready to load.
 *
 * @param name model name
 * @param version its version
 * @param spec how to rebuild it (from its lineage)
 * @param weights its verified weights file
 * @param artifactSha256 the weights' SHA-256
 */
public record RegisteredModel(String name, int version, ModelSpec spec, Path weights, String artifactSha256) {
}
