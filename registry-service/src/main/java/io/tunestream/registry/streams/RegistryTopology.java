package io.tunestream.registry.streams;

import io.tunestream.events.DeploymentEvent;
import io.tunestream.registry.domain.ArtifactStorer;
import io.tunestream.registry.domain.ModelRegistry;
import io.tunestream.schemas.serde.AvroSerdes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * The registry's whole topology, from one pure method:
 * <pre>
 * evaluations --(re-key by model name; poison -> evaluations.dlq)--> registry.commands
 * registry.commands (+ API commands) --> RegistryProcessor [versions, heads, evaluations, outcomes]
 *     --> models (compacted, key name/version)   --> deployments (key model name)
 * models --> global store registry-models-view (what the REST API reads)
 * datasets.reports --(key datasetKey/stage)--> global store registry-stage-reports (lineage)
 * </pre>
 */
public final class RegistryTopology {

    private RegistryTopology() {
    }

    /** Builds the topology; nothing here touches Kafka until Kafka Streams runs it. */
    public static Topology build(RegistryTopics topics, ModelRegistry registry, ArtifactStorer artifacts,
                                 RegistryMetrics metrics) {
        Topology topology = new Topology();
        topology.addSource("evaluations", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.evaluations());
        topology.addProcessor("evaluation-router", () -> new EvaluationRouter(metrics, topics.evaluationsDlq()),
                "evaluations");
        topology.addSink(EvaluationRouter.TO_COMMANDS, topics.commands(), new StringSerializer(),
                new ByteArraySerializer(), "evaluation-router");
        topology.addSink(EvaluationRouter.TO_DLQ, topics.evaluationsDlq(), new ByteArraySerializer(),
                new ByteArraySerializer(), "evaluation-router");

        topology.addSource("commands", new StringDeserializer(), new ByteArrayDeserializer(), topics.commands());
        topology.addProcessor("registry", () -> new RegistryProcessor(registry, artifacts, metrics, topics), "commands");
        topology.addStateStore(RegistryStores.versions(), "registry");
        topology.addStateStore(RegistryStores.heads(), "registry");
        topology.addStateStore(RegistryStores.evaluations(), "registry");
        topology.addStateStore(RegistryStores.outcomes(), "registry");
        topology.addSink(RegistryProcessor.TO_MODELS, topics.models(), new StringSerializer(),
                RegistryStores.versionSerde().serializer(), "registry");
        topology.addSink(RegistryProcessor.TO_DEPLOYMENTS, topics.deployments(), new StringSerializer(),
                AvroSerdes.serde(DeploymentEvent.class).serializer(), "registry");
        topology.addSink(RegistryProcessor.TO_EVALUATIONS_DLQ, topics.evaluationsDlq(), new StringSerializer(),
                new ByteArraySerializer(), "registry");
        topology.addSink(RegistryProcessor.TO_COMMANDS_DLQ, topics.commandsDlq(), new StringSerializer(),
                new ByteArraySerializer(), "registry");

        topology.addGlobalStore(RegistryStores.modelsView(), "models", new StringDeserializer(),
                RegistryStores.versionSerde().deserializer(), topics.models(), "models-view", ModelsViewUpdater::new);
        topology.addGlobalStore(RegistryStores.stageReports(), "stage-reports", new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), topics.reports(), "stage-reports-view",
                () -> new StageReportsUpdater(metrics));
        return topology;
    }
}
