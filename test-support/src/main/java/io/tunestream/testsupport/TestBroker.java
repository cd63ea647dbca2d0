package io.tunestream.testsupport;

import java.util.Locale;

/**
 * Which Kafka broker every broker suite of a test JVM runs against: one switch for all modules, read from the system
 * property {@value #PROPERTY} or the environment variable {@value #ENV}.
 * <ul>
 *   <li>{@code embedded} (default): a real KRaft broker in the test JVM, no Docker needed;</li>
 *   <li>{@code external}: the broker at {@value SharedKafkaBroker#EXTERNAL_BROKER_ENV} (also chosen when only that
 *       variable is set);</li>
 *   <li>{@code container}: Apache Kafka in a Testcontainers container ({@link KafkaContainers#apacheKafka()}); where
 *       Docker is missing the suites are reported as skipped, "{@value #NO_DOCKER}".</li>
 * </ul>
 */
public enum TestBroker {
    EMBEDDED, EXTERNAL, CONTAINER;

    /** System property naming the broker kind. */
    public static final String PROPERTY = "tunestream.test.broker";
    /** Environment variable naming the broker kind. */
    public static final String ENV = "TUNESTREAM_TEST_BROKER";
    /** Why container suites do not run here. */
    public static final String NO_DOCKER = "skipped: no Docker";

    /** The kind this JVM is configured for. */
    public static TestBroker selected() {
        return parse(firstOf(System.getProperty(PROPERTY), System.getenv(ENV)),
                System.getenv(SharedKafkaBroker.EXTERNAL_BROKER_ENV));
    }

    static TestBroker parse(String kind, String externalAddress) {
        boolean external = externalAddress != null && !externalAddress.isBlank();
        if (kind == null || kind.isBlank()) {
            return external ? EXTERNAL : EMBEDDED;
        }
        TestBroker chosen;
        try {
            chosen = valueOf(kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " must be embedded, external or container, got: " + kind, e);
        }
        if (chosen == EXTERNAL && !external) {
            throw new IllegalStateException(PROPERTY + "=external needs " + SharedKafkaBroker.EXTERNAL_BROKER_ENV);
        }
        return chosen;
    }

    private static String firstOf(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
