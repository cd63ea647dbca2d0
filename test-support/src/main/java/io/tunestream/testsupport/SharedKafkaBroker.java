package io.tunestream.testsupport;

import java.lang.reflect.InvocationTargetException;

import io.tunestream.kafka.embedded.EmbeddedKafkaBroker;
import org.opentest4j.TestAbortedException;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one Kafka broker of a test JVM, shared by every test of every module and every class loader (Quarkus loads
 * test resources in a new class loader per test profile, so a plain static field would give one broker each).
 *
 * <p>The broker starts on first use and its address is published in the system properties
 * {@value #BOOTSTRAP_PROPERTY} and {@value #QUARKUS_BOOTSTRAP_PROPERTY}. Which broker is one switch,
 * {@link TestBroker}: in-process (default), the external one at {@value #EXTERNAL_BROKER_ENV} (nothing starts), or a
 * Testcontainers Kafka (without Docker: {@link TestAbortedException}, the suites are skipped). {@link KafkaSessionListener}
 * stops the broker when the test session ends.
 */
public final class SharedKafkaBroker {

    /** System property holding the shared broker's {@code host:port}. */
    public static final String BOOTSTRAP_PROPERTY = "tunestream.kafka.bootstrap";
    /** The same address under the name SmallRye Kafka / Quarkus read. */
    public static final String QUARKUS_BOOTSTRAP_PROPERTY = "kafka.bootstrap.servers";
    /** Environment variable naming an external broker to use instead of starting one. */
    public static final String EXTERNAL_BROKER_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    private static EmbeddedKafkaBroker broker;
    private static KafkaContainer container;

    private SharedKafkaBroker() {
    }

    /** The shared broker's address; starts the broker on first call (about 2 s). */
    public static String bootstrapServers() {
        String published = System.getProperty(BOOTSTRAP_PROPERTY);
        if (published != null) {
            return published;
        }
        Class<?> jvmWide = jvmWideCopy();
        if (jvmWide != null && jvmWide != SharedKafkaBroker.class) {
            return (String) invoke(jvmWide, "bootstrapServers");
        }
        return startOrGet();
    }

    /** Stops the broker if this JVM started one; the published properties are removed. */
    public static synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
            System.clearProperty(BOOTSTRAP_PROPERTY);
            System.clearProperty(QUARKUS_BOOTSTRAP_PROPERTY);
        }
        if (container != null) {
            container.stop();
            container = null;
            System.clearProperty(BOOTSTRAP_PROPERTY);
            System.clearProperty(QUARKUS_BOOTSTRAP_PROPERTY);
        }
    }

    /** Whether a broker was started by this class (false when an external broker is used). */
    public static synchronized boolean isEmbeddedRunning() {
        return broker != null;
    }

    static synchronized void publishExternalIfConfigured() {
        String external = System.getenv(EXTERNAL_BROKER_ENV);
        if (TestBroker.selected() == TestBroker.EXTERNAL) {
            publish(external.trim());
        }
    }

    private static synchronized String startOrGet() {
        if (broker != null) {
            publish(broker.bootstrapServers());
            return broker.bootstrapServers();
        }
        publishExternalIfConfigured();
        String published = System.getProperty(BOOTSTRAP_PROPERTY);
        if (published != null) {
            return published;
        }
        if (TestBroker.selected() == TestBroker.CONTAINER) {
            return startContainer();
        }
        broker = EmbeddedKafkaBroker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(SharedKafkaBroker::stop, "shared-kafka-stop"));
        publish(broker.bootstrapServers());
        return broker.bootstrapServers();
    }

    private static String startContainer() {
        if (!KafkaContainers.dockerAvailable()) {
            throw new TestAbortedException(TestBroker.NO_DOCKER);
        }
        container = KafkaContainers.apacheKafka();
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(SharedKafkaBroker::stop, "shared-kafka-stop"));
        publish(container.getBootstrapServers());
        return container.getBootstrapServers();
    }

    private static void publish(String address) {
        System.setProperty(BOOTSTRAP_PROPERTY, address);
        System.setProperty(QUARKUS_BOOTSTRAP_PROPERTY, address);
    }

    /** This class as the system class loader knows it: the one copy every class loader can reach. */
    private static Class<?> jvmWideCopy() {
        try {
            return Class.forName(SharedKafkaBroker.class.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static Object invoke(Class<?> type, String method) {
        try {
            return type.getMethod(method).invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the JVM-wide " + type.getName(), e);
        }
    }
}
