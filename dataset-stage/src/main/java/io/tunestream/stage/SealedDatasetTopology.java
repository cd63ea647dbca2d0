package io.tunestream.stage;

import io.tunestream.kafka.toolkit.NativeCompression;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The topology every whole-dataset stage shares: input topic → {@link SealedDatasetProcessor} (a version's records
 * held in memory until its seal; a small changelogged store of where each open version began) → output topic,
 * reports topic, dead-letter topic, dataset index. Values
 * travel as raw bytes so that poison records reach the dead-letter topic exactly as they came.
 */
public final class SealedDatasetTopology {

    private SealedDatasetTopology() {
    }

    /** Builds the topology of a stage. */
    public static Topology build(StageTopics topics, DatasetStage stage) {
        NativeCompression.enable(); // a stage compresses every version it writes (LZ4): the JNI library, not Java
        Topology topology = new Topology();
        topology.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.input());
        topology.addProcessor("stage", () -> new SealedDatasetProcessor(stage, topics), "in");
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
