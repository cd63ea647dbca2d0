package io.tunestream.testsupport;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips every broker suite, "{@value TestBroker#NO_DOCKER}", when {@link TestBroker#CONTAINER} is selected and there is
 * no Docker engine: test classes with {@code @QuarkusTestResource(KafkaBrokerResource.class)} (or
 * {@code @WithTestResource}) or {@code @ExtendWith(SharedKafkaExtension.class)}, on the class, an enclosing class or a
 * superclass. Registered for JUnit's extension auto-detection ({@code META-INF/services}; the root POM's surefire sets
 * {@code junit.jupiter.extensions.autodetection.enabled}, as a system property: Quarkus refuses a
 * {@code junit-platform.properties}), so a Quarkus test is skipped before Quarkus boots (a failing test resource would
 * fail it instead). In the default embedded mode it decides nothing and probes no Docker.
 */
public final class BrokerSuiteCondition implements ExecutionCondition {

    private static final String[] RESOURCE_ANNOTATIONS = {"io.quarkus.test.common.QuarkusTestResource",
            "io.quarkus.test.common.WithTestResource"};

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (TestBroker.selected() != TestBroker.CONTAINER) {
            return ConditionEvaluationResult.enabled("broker: " + TestBroker.selected());
        }
        Class<?> test = context.getTestClass().orElse(null);
        if (test == null || !usesSharedBroker(test) || KafkaContainers.dockerAvailable()) {
            return ConditionEvaluationResult.enabled("broker: container");
        }
        return ConditionEvaluationResult.disabled(TestBroker.NO_DOCKER);
    }

    static boolean usesSharedBroker(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (annotated(c) || (c.getEnclosingClass() != null && usesSharedBroker(c.getEnclosingClass()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean annotated(Class<?> c) {
        for (Annotation a : c.getAnnotations()) {
            if (a instanceof ExtendWith extend
                    && Arrays.stream(extend.value()).anyMatch(e -> e.getName().equals(SharedKafkaExtension.class.getName()))) {
                return true;
            }
            if (namesBrokerResource(a)) {
                return true;
            }
            Object nested = attribute(a, "value"); // a repeatable annotation's container
            if (nested instanceof Annotation[] list && Arrays.stream(list).anyMatch(BrokerSuiteCondition::namesBrokerResource)) {
                return true;
            }
        }
        return false;
    }

    /**
     * By name: plain modules have no quarkus-test-common on their class path, and Quarkus loads its test classes (so
     * the classes their annotations name) in its own class loader.
     */
    private static boolean namesBrokerResource(Annotation a) {
        return Arrays.asList(RESOURCE_ANNOTATIONS).contains(a.annotationType().getName())
                && attribute(a, "value") instanceof Class<?> resource
                && resource.getName().equals(KafkaBrokerResource.class.getName());
    }

    private static Object attribute(Annotation a, String name) {
        try {
            Method m = a.annotationType().getMethod(name);
            return m.invoke(a);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
