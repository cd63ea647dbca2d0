package io.tunestream.registry.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.kafka.client.serialization.ObjectMapperSerde;
import io.tunestream.events.ModelVersion;
import io.tunestream.events.StageReport;
import io.tunestream.registry.domain.CommandOutcome;
import io.tunestream.registry.domain.ModelHead;
import io.tunestream.registry.domain.RegistryCommand;
import io.tunestream.schemas.serde.AvroSerdes;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The registry's state stores and their serdes. The write path's stores are changelogged (the log is the
 * state); {@link #MODELS_VIEW} is a global store over the compacted models topic itself, restored from it, so
 * that every replica answers every read.
 */
public final class RegistryStores {

    /** name/version to ModelVersion: the versions as the write path last wrote them. */
    public static final String VERSIONS = "registry-versions";
    /** name to {@link ModelHead}: latest version number and alias histories. */
    public static final String HEADS = "registry-heads";
    /** evaluation id to version: idempotency of registrations. */
    public static final String EVALUATIONS = "registry-evaluations";
    /** command id to {@link CommandOutcome}: what the API tells its caller. */
    public static final String OUTCOMES = "registry-outcomes";
    /** Global: the data stages' reports, {@code <datasetId@version>/<stage>} to StageReport (the latest per stage). */
    public static final String STAGE_REPORTS = "registry-stage-reports";
    /** Global: the models topic, materialised (name/version to ModelVersion). */
    public static final String MODELS_VIEW = "registry-models-view";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private RegistryStores() {
    }

    /** Avro serde of model versions. */
    public static Serde<ModelVersion> versionSerde() {
        return AvroSerdes.serde(ModelVersion.class);
    }

    /** JSON serde of registry commands (values on the commands topic). */
    public static Serde<RegistryCommand> commandSerde() {
        return new ObjectMapperSerde<>(RegistryCommand.class, JSON);
    }

    /** JSON serde of command outcomes. */
    public static Serde<CommandOutcome> outcomeSerde() {
        return new ObjectMapperSerde<>(CommandOutcome.class, JSON);
    }

    static StoreBuilder<KeyValueStore<String, ModelVersion>> versions() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VERSIONS), Serdes.String(), versionSerde());
    }

    static StoreBuilder<KeyValueStore<String, ModelHead>> heads() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HEADS), Serdes.String(),
                new ObjectMapperSerde<>(ModelHead.class, JSON));
    }

    static StoreBuilder<KeyValueStore<String, Integer>> evaluations() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVALUATIONS), Serdes.String(), Serdes.Integer());
    }

    static StoreBuilder<KeyValueStore<String, CommandOutcome>> outcomes() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OUTCOMES), Serdes.String(), outcomeSerde());
    }

    /** Avro serde of stage reports (the store's values). */
    public static Serde<StageReport> reportSerde() {
        return AvroSerdes.serde(StageReport.class);
    }

    static StoreBuilder<KeyValueStore<String, StageReport>> stageReports() {
        // Global, fed by the reports topic through StageReportsUpdater (which re-keys by stage); Kafka Streams
        // (3.8+, KAFKA-7663) runs that processor on restore too, so a restored store is keyed the same way.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STAGE_REPORTS), Serdes.String(),
                reportSerde()).withLoggingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, ModelVersion>> modelsView() {
        // A global store restores from its source topic; it must not have a changelog of its own.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MODELS_VIEW), Serdes.String(), versionSerde())
                .withLoggingDisabled();
    }
}
