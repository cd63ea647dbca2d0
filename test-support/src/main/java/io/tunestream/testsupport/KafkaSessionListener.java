package io.tunestream.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.opentest4j.TestAbortedException;

/**
 * JUnit Platform hook (registered in {@code META-INF/services}) that owns the test JVM's shared broker: it publishes an
 * external broker from {@value SharedKafkaBroker#EXTERNAL_BROKER_ENV} at session start, starts the embedded broker
 * right away when the system property {@value #EAGER_PROPERTY} is {@code true} (otherwise the first test that asks
 * starts it), and stops the embedded broker when the session closes.
 */
public final class KafkaSessionListener implements LauncherSessionListener {

    /** System property: {@code true} starts the broker when the test session opens instead of on first use. */
    public static final String EAGER_PROPERTY = "tunestream.kafka.eager";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        SharedKafkaBroker.publishExternalIfConfigured();
        if (Boolean.getBoolean(EAGER_PROPERTY)) {
            try {
                SharedKafkaBroker.bootstrapServers();
            } catch (TestAbortedException e) {
                // container broker without Docker: BrokerSuiteCondition reports each broker suite as skipped
            }
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        SharedKafkaBroker.stop();
    }
}
