package io.tunestream.schemas.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Serialises any tunestream event with the {@link EventSerializer} of its own class: one producer for every event type. */
public final class AnyEventSerializer implements Serializer<SpecificRecord> {

    private final Map<Class<?>, EventSerializer<SpecificRecord>> byType = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public byte[] serialize(String topic, SpecificRecord data) {
        if (data == null) {
            return null;
        }
        return byType.computeIfAbsent(data.getClass(), c -> new EventSerializer<>((Class<SpecificRecord>) c))
                .serialize(topic, data);
    }
}
