package io.tunestream.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Kafka deserializer for a tunestream event; malformed bytes raise {@link EventDecodingException}, which
 * stages route to their dead-letter topic. Built with the event class, or by Kafka with {@link SerdeConfig#TYPE}.
 *
 * @param <T> the generated event class
 */
public class EventDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private Class<T> type;
    private SingleObjectCodec<T> codec;
    private Deserializer<Object> registry;

    /** For Kafka's reflective construction; configure with {@link SerdeConfig#TYPE}. */
    public EventDeserializer() {
    }

    /** A single-object deserializer for the given event class, ready to use without configure(). */
    public EventDeserializer(Class<T> type) {
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
            registry = RegistrySerdes.deserializer(configs, type, isKey);
            codec = null;
        } else if (codec == null) {
            registry = null;
            codec = new SingleObjectCodec<>(type, SerdeSettings.singleObject());
        }
    }

    /** Lets this reader decode records written with another version of the event's schema. */
    public EventDeserializer<T> withWriterSchema(Schema writerSchema) {
        if (registry == null) { // in registry mode the registry holds every writer schema
            codec().addWriterSchema(writerSchema);
        }
        return this;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null; // tombstone
        }
        if (registry == null) {
            return codec().decode(data);
        }
        try {
            return type.cast(headers == null ? registry.deserialize(topic, data) : registry.deserialize(topic, headers, data));
        } catch (RuntimeException e) {
            throw new EventDecodingException(EventDecodingException.Reason.REGISTRY, type.getSimpleName(), String.valueOf(e), e);
        }
    }

    private SingleObjectCodec<T> codec() {
        if (codec == null) {
            throw new IllegalStateException("EventDeserializer used before configure(): set " + SerdeConfig.TYPE);
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
