package io.tunestream.registry.support;

import io.tunestream.events.ModelVersion;
import io.tunestream.registry.domain.Decision;
import io.tunestream.registry.domain.ModelHead;
import io.tunestream.registry.domain.ModelNames;
import io.tunestream.registry.domain.RegistryState;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Registry state in maps, for domain tests: applies decisions the way the stores do. */
public class InMemoryRegistryState implements RegistryState {

    private final Map<String, ModelVersion> versions = new HashMap<>();
    private final Map<String, ModelHead> heads = new HashMap<>();
    private final Map<String, Integer> evaluations = new HashMap<>();

    @Override
    public ModelHead head(String name) {
        return heads.getOrDefault(name, ModelHead.empty(name));
    }

    @Override
    public Optional<ModelVersion> version(String name, int version) {
        return Optional.ofNullable(versions.get(ModelNames.versionKey(name, version)));
    }

    @Override
    public Optional<Integer> versionOfEvaluation(String evaluationId) {
        return Optional.ofNullable(evaluations.get(evaluationId));
    }

    /** Writes a decision and returns it. */
    public Decision apply(Decision decision) {
        decision.versions().forEach(v -> versions.put(ModelNames.versionKey(v.getName(), v.getVersion()), v));
        if (decision.head() != null) {
            heads.put(decision.head().name(), decision.head());
        }
        if (decision.evaluationId() != null) {
            decision.versions().stream().filter(v -> decision.evaluationId().equals(v.getEvaluationId()))
                    .forEach(v -> evaluations.put(decision.evaluationId(), v.getVersion()));
        }
        return decision;
    }

    /** Number of versions of every model together. */
    public int size() {
        return versions.size();
    }
}
