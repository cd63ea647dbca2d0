package io.tunestream.stage;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The topology every whole-dataset stage shares: input topic → {@link SealedDatasetProcessor} (records buffered
 * in a changelogged store until the seal) → output topic, reports topic, dead-letter topic, dataset index. Values
 * travel as raw bytes so that poison records reach the dead-letter topic exactly as they came.
 */
public final class SealedDatasetTopology {

    private SealedDatasetTopology() {
    }

    /** Builds the topology of a stage. */
    public static Topology build(StageTopics topics, DatasetStage stage) {
        Topology topology = new Topology();
        topology.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.input());
        topology.addProcessor("stage", () -> new SealedDatasetProcessor(stage, topics), "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SealedDatasetProcessor.RECORDS_STORE), Serdes.String(), Serdes.ByteArray()), "stage");
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SealedDatasetProcessor.PROGRESS_STORE), Serdes.String(), Serdes.Long()), "stage");
        ByteArraySerializer bytes = new ByteArraySerializer();
        topology.addSink(StageEmitter.OUT, topics.output(), bytes, bytes, "stage");
        topology.addSink(StageEmitter.REPORTS, topics.reports(), bytes, bytes, "stage");
        topology.addSink(StageEmitter.DLQ, topics.dlq(), bytes, bytes, "stage");
        topology.addSink(StageEmitter.INDEX, topics.index(), bytes, bytes, "stage");
        return topology;
    }
}
