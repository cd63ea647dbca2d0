package io.tunestream.registry.rest;

import io.tunestream.events.ModelVersion;
import io.tunestream.events.StageReport;
import io.tunestream.registry.domain.ModelNames;
import io.tunestream.registry.streams.RegistryStores;
import io.tunestream.registry.streams.StageReports;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads of the registry state through interactive queries on the global models view, which every replica holds
 * in full (it is the compacted models topic), so any replica answers any key without forwarding.
 */
@ApplicationScoped
public class ModelQueries {

    private final KafkaStreams streams;

    ModelQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Every model, by name. */
    public List<ModelSummary> models() {
        Map<String, List<ModelVersion>> byName = new TreeMap<>();
        try (var all = view().all()) {
            all.forEachRemaining(kv -> byName.computeIfAbsent(kv.value.getName(), n -> new ArrayList<>()).add(kv.value));
        }
        return byName.entrySet().stream().map(e -> summary(e.getKey(), e.getValue())).toList();
    }

    /** One model, if it has versions. */
    public Optional<ModelSummary> model(String name) {
        List<ModelVersion> versions = versions(name);
        return versions.isEmpty() ? Optional.empty() : Optional.of(summary(name, versions));
    }

    /** A model's versions, oldest first. */
    public List<ModelVersion> versions(String name) {
        if (!ModelNames.isValidName(name)) {
            return List.of();
        }
        List<ModelVersion> versions = new ArrayList<>();
        try (var range = view().prefixScan(ModelNames.versionPrefix(name), new StringSerializer())) {
            range.forEachRemaining(kv -> versions.add(kv.value));
        }
        versions.sort(Comparator.comparingInt(ModelVersion::getVersion));
        return versions;
    }

    /** One version. */
    public Optional<ModelVersion> version(String name, int version) {
        if (!ModelNames.isValidName(name)) {
            return Optional.empty();
        }
        return Optional.ofNullable(view().get(ModelNames.versionKey(name, version)));
    }

    /**
     * The stage reports of a dataset version, in pipeline order (ingest, clean, split, augment, then any other
     * stage by name).
     */
    public List<StageReport> stageReports(String datasetId, String version) {
        if (datasetId == null || version == null) {
            return List.of();
        }
        List<StageReport> reports = new ArrayList<>();
        try (var range = reportsView().prefixScan(StageReports.datasetPrefix(datasetId, version),
                new StringSerializer())) {
            range.forEachRemaining(kv -> reports.add(kv.value));
        }
        reports.sort(StageReports.PIPELINE_ORDER);
        return reports;
    }

    /** Alias to version, for one model. */
    public Map<String, Integer> aliases(String name) {
        return aliasesOf(versions(name));
    }

    private static ModelSummary summary(String name, List<ModelVersion> versions) {
        int latest = versions.stream().mapToInt(ModelVersion::getVersion).max().orElse(0);
        return new ModelSummary(name, latest, versions.size(), aliasesOf(versions));
    }

    private static Map<String, Integer> aliasesOf(List<ModelVersion> versions) {
        Map<String, Integer> aliases = new TreeMap<>();
        versions.forEach(v -> v.getAliases().forEach(a -> aliases.put(a, v.getVersion())));
        return aliases;
    }

    private ReadOnlyKeyValueStore<String, ModelVersion> view() {
        return store(RegistryStores.MODELS_VIEW);
    }

    private ReadOnlyKeyValueStore<String, StageReport> reportsView() {
        return store(RegistryStores.STAGE_REPORTS);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
        } catch (IllegalStateException e) {
            // Kafka Streams is not running (starting, rebalancing, or failed): answered as 503, not 500
            throw new InvalidStateStoreException(e.getMessage(), e);
        }
    }
}
