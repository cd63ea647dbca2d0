package io.tunestream.schemas.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Kafka serializer for a tunestream event. Built with the event class, or by Kafka from its class name
 * with {@link SerdeConfig#TYPE} set. Mode by {@link SerdeConfig#MODE}: single-object (default) or registry.
 *
 * @param <T> the generated event class
 */
public class EventSerializer<T extends SpecificRecord> implements Serializer<T> {

    private Class<T> type;
    private SingleObjectCodec<T> codec;
    private Serializer<Object> registry;

    /** For Kafka's reflective construction; configure with {@link SerdeConfig#TYPE}. */
    public EventSerializer() {
    }

    /** A single-object serializer for the given event class, ready to use without configure(). */
    public EventSerializer(Class<T> type) {
        this.type = type;
        configureFor(SerdeSettings.process().clientProperties(), false);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        type = (Class<T>) SerdeConfig.type(configs, type);
        // no mode in the client properties: the process's (SerdeSettings), so one switch covers every client
        Map<String, Object> all = new HashMap<>(SerdeSettings.process().clientProperties());
        all.putAll(configs);
        configureFor(all, isKey);
    }

    private void configureFor(Map<String, ?> configs, boolean isKey) {
        if (SerdeMode.parse(configs.get(SerdeConfig.MODE)) == SerdeMode.REGISTRY) {
            registry = RegistrySerdes.serializer(configs, type, isKey);
            codec = null;
        } else {
            registry = null;
            codec = new SingleObjectCodec<>(type, SerdeSettings.singleObject());
        }
    }

    @Override
    public byte[] serialize(String topic, T event) {
        if (event == null) {
            return null; // tombstone
        }
        return registry != null ? registry.serialize(topic, event) : codec().encode(event);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T event) {
        if (event == null) {
            return null;
        }
        return registry != null ? registry.serialize(topic, headers, event) : codec().encode(event);
    }

    private SingleObjectCodec<T> codec() {
        if (codec == null) {
            throw new IllegalStateException("EventSerializer used before configure(): set " + SerdeConfig.TYPE);
        }
        return codec;
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
