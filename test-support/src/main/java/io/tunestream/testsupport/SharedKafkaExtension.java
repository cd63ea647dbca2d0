package io.tunestream.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that makes sure the shared broker runs before a test class starts, so that the test (or the
 * framework under test) can read its address from the system property {@value SharedKafkaBroker#BOOTSTRAP_PROPERTY}.
 * Use it with {@code @ExtendWith(SharedKafkaExtension.class)}.
 */
public final class SharedKafkaExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedKafkaBroker.bootstrapServers();
    }
}
