package io.tunestream.kafka.embedded;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the broker's own logging at WARN unless asked otherwise, for slf4j-simple (system properties, read when a
 * logger is created) and for java.util.logging based bindings such as JBoss LogManager in Quarkus tests.
 * Set the system property {@value #LEVEL_PROPERTY} (e.g. {@code info}) to see more.
 */
final class BrokerLogging {

    /** System property with the broker's log level; default {@code warn}. */
    static final String LEVEL_PROPERTY = "tunestream.kafka.log.level";

    private static final List<String> BROKER_LOGGERS = List.of(
            "kafka", "state.change.logger", "org.apache.kafka.server", "org.apache.kafka.controller",
            "org.apache.kafka.raft", "org.apache.kafka.metadata", "org.apache.kafka.image",
            "org.apache.kafka.storage", "org.apache.kafka.coordinator", "org.apache.kafka.snapshot",
            "org.apache.kafka.common.config.AbstractConfig", "org.apache.kafka.common.utils.AppInfoParser",
            "org.apache.kafka.common.metrics", "org.apache.kafka.common.network", "org.apache.kafka.queue");

    /** Loggers that warn on every normal start ("the metadata log appears to be empty"). */
    private static final List<String> ROUTINE_WARNINGS = List.of("org.apache.kafka.controller.QuorumController");

    /** Strong references: java.util.logging forgets the level of a logger that was garbage collected. */
    private static final Set<Logger> PINNED = new HashSet<>();

    private BrokerLogging() {
    }

    static synchronized void quiet() {
        String level = System.getProperty(LEVEL_PROPERTY, "warn").toLowerCase(Locale.ROOT);
        for (String name : BROKER_LOGGERS) {
            setLevel(name, level);
        }
        if ("warn".equals(level)) {
            ROUTINE_WARNINGS.forEach(name -> setLevel(name, "error"));
        }
    }

    private static void setLevel(String name, String level) {
        String key = "org.slf4j.simpleLogger.log." + name;
        if (System.getProperty(key) == null || ROUTINE_WARNINGS.contains(name)) {
            System.setProperty(key, level);
        }
        Logger logger = Logger.getLogger(name);
        logger.setLevel(julLevel(level));
        PINNED.add(logger);
    }

    private static Level julLevel(String level) {
        return switch (level) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "error" -> Level.SEVERE;
            case "off" -> Level.OFF;
            default -> Level.WARNING;
        };
    }
}
