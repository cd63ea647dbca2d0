package io.tunestream.stage;

import io.tunestream.schemas.KafkaConnection;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.Map;
import java.util.Properties;

/** Kafka Streams settings a data stage runs with: exactly_once_v2 and room for large datasets. */
public final class StageStreamsConfig {

    /** The shared settings file, also read by Quarkus (MicroProfile Config) in the stage services. */
    public static final String SETTINGS = "META-INF/microprofile-config.properties";
    private static final String PREFIX = "kafka-streams.";

    private StageStreamsConfig() {
    }

    /**
     * Settings for a stage.
     *
     * @param applicationId consumer group and state prefix (one per stage)
     * @param bootstrap     broker addresses
     * @param stateDir      local state directory (unique per running instance)
     */
    public static Properties of(String applicationId, String bootstrap, String stateDir) {
        return of(applicationId, KafkaConnection.plaintext(bootstrap), stateDir);
    }

    /**
     * Settings for a stage on a broker that may need a login.
     *
     * @param applicationId consumer group and state prefix (one per stage)
     * @param connection    broker addresses and connection security
     * @param stateDir      local state directory (unique per running instance)
     */
    public static Properties of(String applicationId, KafkaConnection connection, String stateDir) {
        Properties p = connection.properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.putAll(overrides());
        return p;
    }

    /**
     * A whole-number setting of a stage from its Kafka Streams settings (e.g. {@code dataset.batch.records}).
     *
     * @param fallback the value when unset
     * @param least    the smallest value allowed
     * @throws IllegalArgumentException naming the setting when the value is below {@code least}
     */
    public static long number(Map<String, Object> appConfigs, String name, long fallback, long least) {
        Object value = appConfigs.get(name);
        long n = value == null ? fallback : Long.parseLong(value.toString().trim());
        if (n < least) {
            throw new IllegalArgumentException(name + " must be at least " + least + ", got " + n);
        }
        return n;
    }

    /** The settings beyond id, bootstrap and state dir: {@value #SETTINGS} without its {@code kafka-streams.} prefix. */
    public static Properties overrides() {
        Properties file = new Properties();
        try {
            // other jars may ship a file of that name too: only kafka-streams.* keys are taken from any of them
            Enumeration<URL> urls = StageStreamsConfig.class.getClassLoader().getResources(SETTINGS);
            while (urls.hasMoreElements()) {
                try (InputStream in = urls.nextElement().openStream()) {
                    file.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SETTINGS, e);
        }
        if (file.getProperty(PREFIX + StreamsConfig.PROCESSING_GUARANTEE_CONFIG) == null) {
            throw new IllegalStateException(SETTINGS + " of the dataset-stage jar is missing from the class path");
        }
        Properties p = new Properties();
        file.stringPropertyNames().stream().filter(k -> k.startsWith(PREFIX))
                .forEach(k -> p.put(k.substring(PREFIX.length()), file.getProperty(k)));
        return p;
    }
}
