package io.tunestream.kafka.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * One real Apache Kafka broker in KRaft mode (combined broker + controller, node 1) running in this JVM, listening on
 * 127.0.0.1. Transactions and read_committed work (internal topics have one replica and min ISR 1).
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.defaults())) {
 *     String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements RunningBroker {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final LogDirectory logDirectory;
    private final String bootstrapServers;
    private final BrokerSecurity security;
    private final Thread shutdownHook = new Thread(this::close, "embedded-kafka-stop");
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, LogDirectory logDirectory, String bootstrapServers,
                                BrokerSecurity security) {
        this.server = server;
        this.logDirectory = logDirectory;
        this.bootstrapServers = bootstrapServers;
        this.security = security;
        Runtime.getRuntime().addShutdownHook(shutdownHook); // System.exit or Ctrl-C still stop it and delete its files
    }

    /** Starts a broker with the given settings and returns once it answers client requests. */
    public static EmbeddedKafkaBroker start(BrokerSettings settings) {
        // Kafka instantiates plugins (e.g. the share-group state persister) through the context class loader, and
        // its threads inherit it: pin it to our own loader, or a Quarkus test class loader yields a second copy of
        // Kafka's classes and NoSuchMethodException / class cast errors.
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(EmbeddedKafkaBroker.class.getClassLoader());
        try {
            return startWithOwnClassLoader(settings);
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    private static EmbeddedKafkaBroker startWithOwnClassLoader(BrokerSettings settings) {
        BrokerLogging.quiet();
        LogDirectory dir = LogDirectory.of(settings.logDir());
        int port = FreePort.orFree(settings.port());
        int controllerPort = FreePort.orFree(settings.controllerPort());
        Properties props = KraftProperties.of(port, controllerPort, dir.path(), settings.security(),
                settings.extraProperties());
        KafkaRaftServer server = null;
        try {
            if (!dir.isFormatted()) {
                StorageFormat.format(dir.path());
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + port;
            BrokerSecurity security = settings.security();
            if (security.sasl()) {
                awaitReady(plainAdmin(bootstrap, security));
                try (Admin admin = Admin.create(plainAdmin(bootstrap, security))) {
                    KafkaAcls.upsertScramUsers(admin, security.allScramUsers());
                }
            }
            // with SASL: until the broker has applied the new SCRAM credentials, a SCRAM login fails; wait for it
            awaitReady(security.connection(bootstrap, security.sasl() ? security.adminUser() : null).clientProperties());
            return new EmbeddedKafkaBroker(server, dir, bootstrap, security);
        } catch (RuntimeException e) {
            try {
                stopQuietly(server);
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure); // a half-started server may fail to stop; its files still go
            } finally {
                dir.release();
            }
            throw e;
        }
    }

    /** Starts a broker on free ports with a temporary log directory. */
    public static EmbeddedKafkaBroker start() {
        return start(BrokerSettings.defaults());
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public BrokerSecurity security() {
        return security;
    }

    /** The directory holding the broker's logs and metadata. */
    public Path logDir() {
        return logDirectory.path();
    }

    /** Stops the broker, waits for it, and deletes its log directory if it was temporary. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopQuietly(server);
        } finally {
            logDirectory.release();
            removeShutdownHook();
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this may be the hook itself
        }
    }

    /** The admin's SASL PLAIN login, which works before any SCRAM credential exists. */
    private static Map<String, Object> plainAdmin(String bootstrap, BrokerSecurity security) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "PLAIN");
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + security.adminUser() + "\" password=\"" + security.adminPassword() + "\";");
        return config;
    }

    /** Waits until a client with {@code clientConfig} is answered; a failed login is tried again until the deadline. */
    private static void awaitReady(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        Object bootstrap = config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try (Admin admin = Admin.create(config)) {
                admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the broker at " + bootstrap, e);
            } catch (Exception e) {
                boolean loginRefused = e.getCause() instanceof SaslAuthenticationException;
                if (!loginRefused || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker at " + bootstrap + " did not answer within "
                            + READY_TIMEOUT, e);
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(100); // credentials reach the broker's metadata cache within milliseconds
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }
}
