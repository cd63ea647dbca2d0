package io.tunestream.registry.streams;

import io.tunestream.events.ModelVersion;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global models view equal to the compacted models topic (a tombstone removes a version). */
class ModelsViewUpdater implements Processor<String, ModelVersion, Void, Void> {

    private KeyValueStore<String, ModelVersion> view;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        view = context.getStateStore(RegistryStores.MODELS_VIEW);
    }

    @Override
    public void process(Record<String, ModelVersion> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            view.delete(record.key());
        } else {
            view.put(record.key(), record.value());
        }
    }
}
