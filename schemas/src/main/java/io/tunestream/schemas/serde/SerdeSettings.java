package io.tunestream.schemas.serde;

import java.util.HashMap;
import java.util.Map;

/**
 * The wire format of this process's events, chosen by configuration, so every serde and codec of a service switches
 * at once without code changes: system property {@value #MODE_PROPERTY} or environment variable {@value #MODE_ENV}
 * ({@code single-object}, the default, or {@code registry}), and the registry's URL in {@value #URL_PROPERTY} or
 * {@value #URL_ENV}. The launcher's {@code up --schema-registry} and the Kubernetes manifests set the variables.
 *
 * @param mode        how events are written
 * @param registryUrl registry mode: Apicurio's API root, e.g. {@code http://host:8080/apis/registry/v2}; else null
 */
public record SerdeSettings(SerdeMode mode, String registryUrl) {

    /** System property naming the mode (wins over the environment). */
    public static final String MODE_PROPERTY = SerdeConfig.MODE;
    /** Environment variable naming the mode. */
    public static final String MODE_ENV = "TUNESTREAM_SERDE_MODE";
    /** System property holding the registry URL (wins over the environment). */
    public static final String URL_PROPERTY = SerdeConfig.REGISTRY_URL;
    /** Environment variable holding the registry URL. */
    public static final String URL_ENV = "TUNESTREAM_SCHEMA_REGISTRY_URL";

    public SerdeSettings {
        if (mode == SerdeMode.REGISTRY && (registryUrl == null || registryUrl.isBlank())) {
            throw new IllegalArgumentException(MODE_ENV + "=registry needs " + URL_ENV + " (or -D" + URL_PROPERTY + ")");
        }
    }

    /** Single-object encoding, no registry. */
    public static SerdeSettings singleObject() {
        return new SerdeSettings(SerdeMode.SINGLE_OBJECT, null);
    }

    /** Registry mode against the given Apicurio API root. */
    public static SerdeSettings registry(String url) {
        return new SerdeSettings(SerdeMode.REGISTRY, url);
    }

    /** What this process is configured for; read at each call, so a test may switch it. */
    public static SerdeSettings process() {
        SerdeMode mode = SerdeMode.parse(firstOf(System.getProperty(MODE_PROPERTY), System.getenv(MODE_ENV)));
        String url = firstOf(System.getProperty(URL_PROPERTY), System.getenv(URL_ENV));
        return mode == SerdeMode.REGISTRY ? registry(url) : singleObject();
    }

    /** The Kafka client properties that select this mode for {@link EventSerializer} / {@link EventDeserializer}. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(SerdeConfig.MODE, mode == SerdeMode.REGISTRY ? "registry" : "single-object");
        if (registryUrl != null) {
            props.put(SerdeConfig.REGISTRY_URL, registryUrl);
        }
        return props;
    }

    /** The environment variables that put a child process in this mode. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put(MODE_ENV, mode == SerdeMode.REGISTRY ? "registry" : "single-object");
        if (registryUrl != null) {
            env.put(URL_ENV, registryUrl);
        }
        return env;
    }

    private static String firstOf(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
