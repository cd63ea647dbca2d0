package io.tunestream.testsupport;

import java.util.Locale;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that makes sure the shared broker runs before a test class starts, so that the test (or the
 * framework under test) can read its address from the system property {@value SharedKafkaBroker#BOOTSTRAP_PROPERTY}.
 * Use it with {@code @ExtendWith(SharedKafkaExtension.class)}. With {@link TestBroker#CONTAINER} selected and no Docker
 * engine, the class is reported as skipped ({@value TestBroker#NO_DOCKER}) instead of failing.
 */
public final class SharedKafkaExtension implements BeforeAllCallback, ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (TestBroker.selected() == TestBroker.CONTAINER && !KafkaContainers.dockerAvailable()) {
            return ConditionEvaluationResult.disabled(TestBroker.NO_DOCKER);
        }
        return ConditionEvaluationResult.enabled("broker: " + TestBroker.selected().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedKafkaBroker.bootstrapServers();
    }
}
