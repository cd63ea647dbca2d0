package io.tunestream.registry.streams;

import io.tunestream.events.ModelVersion;
import io.tunestream.registry.domain.Decision;
import io.tunestream.registry.domain.ModelHead;
import io.tunestream.registry.domain.ModelNames;
import io.tunestream.registry.domain.RegistryState;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.Optional;

/** The registry state of one task, in its Kafka Streams stores. */
class StoreRegistryState implements RegistryState {

    private final KeyValueStore<String, ModelVersion> versions;
    private final KeyValueStore<String, ModelHead> heads;
    private final KeyValueStore<String, Integer> evaluations;

    StoreRegistryState(KeyValueStore<String, ModelVersion> versions, KeyValueStore<String, ModelHead> heads,
                       KeyValueStore<String, Integer> evaluations) {
        this.versions = versions;
        this.heads = heads;
        this.evaluations = evaluations;
    }

    @Override
    public ModelHead head(String name) {
        ModelHead head = heads.get(name);
        return head == null ? ModelHead.empty(name) : head;
    }

    @Override
    public Optional<ModelVersion> version(String name, int version) {
        return Optional.ofNullable(versions.get(ModelNames.versionKey(name, version)));
    }

    @Override
    public Optional<Integer> versionOfEvaluation(String evaluationId) {
        return Optional.ofNullable(evaluations.get(evaluationId));
    }

    /** Writes a decision's state changes (the caller forwards its records). */
    void write(Decision decision) {
        decision.versions().forEach(v -> versions.put(ModelNames.versionKey(v.getName(), v.getVersion()), v));
        if (decision.head() != null) {
            heads.put(decision.head().name(), decision.head());
        }
        if (decision.evaluationId() != null) {
            decision.versions().stream()
                    .filter(v -> decision.evaluationId().equals(v.getEvaluationId()))
                    .findFirst()
                    .ifPresent(v -> evaluations.put(decision.evaluationId(), v.getVersion()));
        }
    }
}
