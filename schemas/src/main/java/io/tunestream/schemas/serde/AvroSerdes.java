package io.tunestream.schemas.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.Map;

/** Entry point: a Kafka {@link Serde} for any tunestream event, for producers, consumers and Kafka Streams. */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /** A single-object-encoding serde for the event class (no registry needed). */
    public static <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        return Serdes.serdeFrom(new EventSerializer<>(type), new EventDeserializer<>(type));
    }

    /** A serde for the event class configured from client properties ({@link SerdeConfig#MODE}, registry URL...). */
    public static <T extends SpecificRecord> Serde<T> serde(Class<T> type, Map<String, ?> configs, boolean isKey) {
        Serde<T> serde = serde(type);
        serde.configure(configs, isKey);
        return serde;
    }
}
