package io.tunestream.ingest.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.ingest.domain.FieldMapping;
import io.tunestream.ingest.domain.RecordValidator;
import io.tunestream.schemas.serde.AvroSerdes;
import io.tunestream.schemas.serde.EventSerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

import java.util.Optional;
import java.util.Set;

/**
 * The ingest-topic topology, built by one pure method. Kafka Streams with {@code exactly_once_v2} rather
 * than a hand-written consume-transform-produce loop: the per-dataset counts that the seal carries live
 * in changelogged stores committed in the same transaction as the output and the input offsets, so a
 * crash mid-dataset resumes with the right counts instead of losing or doubling them.
 */
public final class IngestTopology {

    static final String SOURCE = "ingest-source";
    static final String PROCESSOR = "ingest-validate";

    private IngestTopology() {
    }

    /**
     * @param rawPartitions partitions of the raw topic (the seal's per-partition counts depend on it)
     */
    public static Topology build(TopicNames topics, int maxTextBytes, int rawPartitions) {
        return build(topics, maxTextBytes, rawPartitions, IngestTopicListener.NONE);
    }

    /** As {@link #build(TopicNames, int, int)}, telling {@code listener} what happens to each record. */
    public static Topology build(TopicNames topics, int maxTextBytes, int rawPartitions, IngestTopicListener listener) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.ingest());
        topology.addProcessor(PROCESSOR, () -> new IngestTopicProcessor(
                new RecordValidator(FieldMapping.defaults(), maxTextBytes), rawPartitions, listener), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DatasetTally.SEALS),
                Serdes.String(), AvroSerdes.serde(DatasetSeal.class)), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DatasetTally.REPORTS),
                Serdes.String(), AvroSerdes.serde(StageReport.class)), PROCESSOR);
        StreamPartitioner<String, DatasetEvent> byDatasetKey =
                (topic, key, value, partitions) -> Optional.of(Set.of(DatasetPartitions.of(key, partitions)));
        topology.addSink(IngestTopicProcessor.RAW_SINK, topics.raw(), new StringSerializer(),
                new EventSerializer<>(DatasetEvent.class), byDatasetKey, PROCESSOR);
        topology.addSink(IngestTopicProcessor.CATALOG_SINK, topics.catalog(), new StringSerializer(),
                new EventSerializer<>(DatasetEvent.class), PROCESSOR);
        topology.addSink(IngestTopicProcessor.REPORT_SINK, topics.reports(), new StringSerializer(),
                new EventSerializer<>(StageReport.class), PROCESSOR);
        topology.addSink(IngestTopicProcessor.DLQ_SINK, topics.ingestDlq(), new ByteArraySerializer(),
                new ByteArraySerializer(), PROCESSOR);
        return topology;
    }
}
