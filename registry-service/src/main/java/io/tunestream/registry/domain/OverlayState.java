package io.tunestream.registry.domain;

import io.tunestream.events.ModelVersion;

import java.util.Optional;

/** A state seen as if a decision had already been written, for decisions that chain (register, then promote). */
final class OverlayState implements RegistryState {

    private final RegistryState base;
    private final Decision pending;

    OverlayState(RegistryState base, Decision pending) {
        this.base = base;
        this.pending = pending;
    }

    @Override
    public ModelHead head(String name) {
        return pending.head() != null && pending.head().name().equals(name) ? pending.head() : base.head(name);
    }

    @Override
    public Optional<ModelVersion> version(String name, int version) {
        return pending.versions().stream()
                .filter(v -> v.getName().equals(name) && v.getVersion() == version)
                .findFirst()
                .or(() -> base.version(name, version));
    }

    @Override
    public Optional<Integer> versionOfEvaluation(String evaluationId) {
        if (evaluationId.equals(pending.evaluationId())) {
            return pending.versions().stream().map(ModelVersion::getVersion).findFirst();
        }
        return base.versionOfEvaluation(evaluationId);
    }
}
