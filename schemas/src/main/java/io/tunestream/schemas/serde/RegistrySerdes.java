package io.tunestream.schemas.serde;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Registry mode: delegates to Apicurio's Avro serde, which registers and looks up schemas in Apicurio
 * (or, through its ccompat API, a Confluent-compatible registry). The registry enforces BACKWARD compatibility.
 * Apicurio's jar is optional: a service in registry mode must have it on its class path.
 */
final class RegistrySerdes {

    private static final String SERIALIZER = "io.apicurio.registry.serde.avro.AvroKafkaSerializer";
    private static final String DESERIALIZER = "io.apicurio.registry.serde.avro.AvroKafkaDeserializer";

    private RegistrySerdes() {
    }

    @SuppressWarnings("unchecked")
    static Serializer<Object> serializer(Map<String, ?> configs, boolean isKey) {
        Serializer<Object> serializer = (Serializer<Object>) instantiate(SERIALIZER);
        serializer.configure(withDefaults(configs), isKey);
        return serializer;
    }

    @SuppressWarnings("unchecked")
    static Deserializer<Object> deserializer(Map<String, ?> configs, boolean isKey) {
        Deserializer<Object> deserializer = (Deserializer<Object>) instantiate(DESERIALIZER);
        deserializer.configure(withDefaults(configs), isKey);
        return deserializer;
    }

    private static Map<String, Object> withDefaults(Map<String, ?> configs) {
        if (configs.get(SerdeConfig.REGISTRY_URL) == null) {
            throw new IllegalArgumentException(SerdeConfig.MODE + "=registry needs " + SerdeConfig.REGISTRY_URL);
        }
        Map<String, Object> all = new HashMap<>(configs);
        all.putIfAbsent("apicurio.registry.use-specific-avro-reader", "true");
        all.putIfAbsent("apicurio.registry.auto-register", "true");
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
