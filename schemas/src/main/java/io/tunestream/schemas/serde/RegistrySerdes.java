package io.tunestream.schemas.serde;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Registry mode: delegates to Apicurio's Avro serde, which registers and looks up schemas in Apicurio. It writes
 * the Confluent wire format (magic byte 0, the schema's 4-byte content id, Avro binary; no headers), so Confluent
 * deserializers, Kafka Connect and ksqlDB read the topics through the registry's {@code /apis/ccompat/v7} API.
 * Subjects are the events' full names (Confluent's RecordNameStrategy): one topic may carry several event types,
 * and codecs that do not know their topic still find their schema. The registry enforces BACKWARD compatibility.
 */
final class RegistrySerdes {

    private static final String SERIALIZER = "io.apicurio.registry.serde.avro.AvroKafkaSerializer";
    private static final String DESERIALIZER = "io.apicurio.registry.serde.avro.AvroKafkaDeserializer";

    private RegistrySerdes() {
    }

    @SuppressWarnings("unchecked")
    static Serializer<Object> serializer(Map<String, ?> configs, Class<?> type, boolean isKey) {
        Serializer<Object> serializer = (Serializer<Object>) instantiate(SERIALIZER);
        serializer.configure(withDefaults(configs, type), isKey);
        return serializer;
    }

    @SuppressWarnings("unchecked")
    static Deserializer<Object> deserializer(Map<String, ?> configs, Class<?> type, boolean isKey) {
        Deserializer<Object> deserializer = (Deserializer<Object>) instantiate(DESERIALIZER);
        deserializer.configure(withDefaults(configs, type), isKey);
        return deserializer;
    }

    /** The Apicurio serde settings that give the Confluent wire format; a caller's own settings win. */
    static Map<String, Object> wireFormat() {
        Map<String, Object> format = new HashMap<>();
        format.put("apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler");
        format.put("apicurio.registry.use-id", "contentId");
        format.put("apicurio.registry.headers.enabled", "false");
        format.put("apicurio.registry.artifact-resolver-strategy",
                "io.apicurio.registry.serde.avro.strategy.QualifiedRecordIdStrategy");
        // Confluent's default: a producer registers its schema version; the registry's BACKWARD rule refuses a breaking one
        format.put("apicurio.registry.auto-register", "true");
        // one self-contained schema per subject, as registered: without it the 3.x serde splits nested named types
        // into references, which Apicurio 2.4 neither matches by content (404) nor creates (422)
        format.put("apicurio.registry.dereference-schema", "true");
        return format;
    }

    private static Map<String, Object> withDefaults(Map<String, ?> configs, Class<?> type) {
        if (configs.get(SerdeConfig.REGISTRY_URL) == null) {
            throw new IllegalArgumentException(SerdeConfig.MODE + "=registry needs " + SerdeConfig.REGISTRY_URL);
        }
        Map<String, Object> all = new HashMap<>(wireFormat());
        all.putAll(configs);
        all.put(SerdeConfig.TYPE, type.getName());
        all.putIfAbsent("apicurio.registry.avro-datum-provider", EventDatumProvider.class.getName());
        return all;
    }

    private static Object instantiate(String className) {
        try {
            return Class.forName(className, true, RegistrySerdes.class.getClassLoader()).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(SerdeConfig.MODE + "=registry needs Apicurio's Avro serde on the class path "
                    + "(io.apicurio:apicurio-registry-avro-serde-kafka or io.quarkus:quarkus-apicurio-registry-avro)", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + className, e);
        }
    }
}
