package io.tunestream.schemas.serde;

import java.util.Map;

/** Kafka client properties understood by {@link EventSerializer} and {@link EventDeserializer}. */
public final class SerdeConfig {

    /** {@code single-object} (default) or {@code registry}. */
    public static final String MODE = "tunestream.serde.mode";
    /** Fully qualified class of the event, when the serde is created by Kafka from a class name. */
    public static final String TYPE = "tunestream.serde.type";
    /** Registry mode: the registry URL (Apicurio {@code /apis/registry/v3} or a ccompat endpoint). */
    public static final String REGISTRY_URL = "apicurio.registry.url";

    private SerdeConfig() {
    }

    static Class<?> type(Map<String, ?> configs, Class<?> fallback) {
        Object value = configs.get(TYPE);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException(TYPE + " must name the event class");
            }
            return fallback;
        }
        if (value instanceof Class<?> c) {
            return c;
        }
        String name = value.toString();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(name, true, context != null ? context : SerdeConfig.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(TYPE + " names an unknown class: " + name, e);
        }
    }
}
