package io.tunestream.schemas;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * How a hand-built Kafka client reaches the brokers: the bootstrap servers plus the connection security
 * ({@code security.protocol}, every client {@code sasl.*} and {@code ssl.*} setting). Every producer, consumer, admin
 * and Kafka Streams instance that tunestream builds itself starts from {@link #clientProperties()}, so that one set
 * of settings secures them all.
 *
 * <p>In a service the settings come from MicroProfile Config under the {@value #CONFIG_PREFIX} prefix, the same keys
 * the Quarkus-managed Kafka clients read: {@code kafka.security.protocol}, {@code kafka.sasl.mechanism},
 * {@code kafka.sasl.jaas.config}, {@code kafka.ssl.truststore.location}, ... (environment: {@code
 * KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}, {@code
 * KAFKA_SSL_TRUSTSTORE_LOCATION}, ...). Nothing set means PLAINTEXT, Kafka's own default.
 *
 * @param bootstrapServers the brokers, {@code host:port[,host:port...]}
 * @param security         client security settings by Kafka name (e.g. {@code sasl.mechanism}); only
 *                         {@link #SECURITY_KEYS} are allowed
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> security) {

    /** Prefix of the MicroProfile Config keys ({@code kafka.security.protocol}, ...). */
    public static final String CONFIG_PREFIX = "kafka.";
    /** The SASL mechanism of tunestream's brokers (embedded and Strimzi). */
    public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";
    /** {@code security.protocol}: SASL without TLS, for the loopback listener of the embedded broker. */
    public static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";
    /** {@code security.protocol}: SASL over TLS, for a broker reached over a network. */
    public static final String SASL_SSL = "SASL_SSL";
    /** Every setting this class carries: {@code security.protocol} and Kafka's client SASL and SSL settings. */
    public static final Set<String> SECURITY_KEYS = securityKeys();

    private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    public KafkaConnection {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        security = Map.copyOf(security);
        for (String key : security.keySet()) {
            if (!SECURITY_KEYS.contains(key)) {
                throw new IllegalArgumentException("not a Kafka client security setting: " + key);
            }
        }
    }

    /** A connection without authentication or encryption (the test brokers, a local development broker). */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /**
     * A SCRAM-SHA-512 login as {@code user}.
     *
     * @param protocol {@link #SASL_PLAINTEXT} or {@link #SASL_SSL}
     */
    public static KafkaConnection scram(String bootstrapServers, String protocol, String user, String password) {
        return new KafkaConnection(bootstrapServers, Map.of(
                "security.protocol", protocol,
                SaslConfigs.SASL_MECHANISM, SCRAM_SHA_512,
                SaslConfigs.SASL_JAAS_CONFIG, scramJaasConfig(user, password)));
    }

    /** The {@code sasl.jaas.config} value of a SCRAM login. */
    public static String scramJaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + quoted(user)
                + "\" password=\"" + quoted(password) + "\";";
    }

    /**
     * The security settings found under {@value #CONFIG_PREFIX} in a configuration.
     *
     * @param lookup a configuration lookup by full key (e.g. {@code kafka.sasl.mechanism}), such as
     *               {@code name -> config.getOptionalValue(name, String.class)}
     */
    public static KafkaConnection fromConfig(String bootstrapServers, Function<String, Optional<String>> lookup) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String key : SECURITY_KEYS) {
            lookup.apply(CONFIG_PREFIX + key).filter(v -> !v.isBlank()).ifPresent(v -> found.put(key, v));
        }
        return new KafkaConnection(bootstrapServers, found);
    }

    /** The security settings found in environment variables ({@code KAFKA_SECURITY_PROTOCOL}, ...). */
    public static KafkaConnection fromEnvironment(String bootstrapServers, Map<String, String> environment) {
        return fromConfig(bootstrapServers, key -> Optional.ofNullable(environment.get(environmentName(key))));
    }

    /** The environment variable of a {@value #CONFIG_PREFIX} key: {@code kafka.sasl.jaas.config} is KAFKA_SASL_JAAS_CONFIG. */
    public static String environmentName(String configKey) {
        return configKey.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A new, mutable map: {@code bootstrap.servers} and the security settings; callers add their own. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>(security);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    /** {@link #clientProperties()} as {@link Properties}, for Kafka Streams. */
    public Properties properties() {
        Properties props = new Properties();
        props.putAll(clientProperties());
        return props;
    }

    /** The environment that hands this connection to a service: KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, ... */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        security.forEach((key, value) -> env.put(environmentName(CONFIG_PREFIX + key), value));
        return env;
    }

    /** The same security towards other brokers. */
    public KafkaConnection withBootstrapServers(String servers) {
        return new KafkaConnection(servers, security);
    }

    /** Whether the client logs in (any SASL protocol). */
    public boolean authenticated() {
        return security.getOrDefault("security.protocol", "PLAINTEXT").startsWith("SASL");
    }

    /** The SASL user named in {@code sasl.jaas.config}, if any (for messages; never the password). */
    public Optional<String> user() {
        Matcher m = JAAS_USER.matcher(security.getOrDefault(SaslConfigs.SASL_JAAS_CONFIG, ""));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Names the brokers, the protocol and the user; passwords and JAAS settings are never printed. */
    @Override
    public String toString() {
        return bootstrapServers + " (" + security.getOrDefault("security.protocol", "PLAINTEXT")
                + user().map(u -> " as " + u).orElse("") + ")";
    }

    private static String quoted(String value) {
        if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a SCRAM user or password must not contain quotes or backslashes");
        }
        return value;
    }

    private static Set<String> securityKeys() {
        ConfigDef client = new ConfigDef();
        SaslConfigs.addClientSaslSupport(client);
        SslConfigs.addClientSslSupport(client);
        Set<String> keys = new TreeSet<>(client.names());
        keys.add("security.protocol");
        return Set.copyOf(keys);
    }
}
