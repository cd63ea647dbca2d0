package io.tunestream.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.quarkus.test.common.QuarkusTestResource;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestBrokerTest {

    @AfterEach
    void clearSwitch() {
        System.clearProperty(TestBroker.PROPERTY);
    }

    @Test
    void shouldChooseEmbeddedWhenNothingIsSetAndExternalWhenOnlyAnAddressIsSet() {
        assertThat(TestBroker.parse(null, null)).isEqualTo(TestBroker.EMBEDDED);
        assertThat(TestBroker.parse(" ", "kafka:9092")).isEqualTo(TestBroker.EXTERNAL);
        assertThat(TestBroker.parse("Container", "kafka:9092")).isEqualTo(TestBroker.CONTAINER);
    }

    @Test
    void shouldRefuseUnknownKindOrExternalWithoutAddressWhenParsing() {
        assertThatThrownBy(() -> TestBroker.parse("docker", null)).hasMessageContaining("embedded, external or container");
        assertThatThrownBy(() -> TestBroker.parse("external", null)).hasMessageContaining(SharedKafkaBroker.EXTERNAL_BROKER_ENV);
    }

    @Test
    void shouldRecognizeBrokerSuitesWhenTheyUseTheSharedBroker() {
        assertThat(BrokerSuiteCondition.usesSharedBroker(PlainSuite.class)).isTrue();
        assertThat(BrokerSuiteCondition.usesSharedBroker(QuarkusSuite.class)).isTrue();
        assertThat(BrokerSuiteCondition.usesSharedBroker(InheritedSuite.class)).isTrue();
        assertThat(BrokerSuiteCondition.usesSharedBroker(QuarkusSuite.Nested.class)).isTrue();
        assertThat(BrokerSuiteCondition.usesSharedBroker(TestBrokerTest.class)).isFalse();
    }

    @Test
    void shouldSkipBrokerSuitesWithoutDockerWhenContainerIsSelected() {
        // Given the switch on container
        System.setProperty(TestBroker.PROPERTY, "container");
        // When
        ConditionEvaluationResult result = new SharedKafkaExtension().evaluateExecutionCondition(null);
        // Then: skipped, saying why, exactly where Docker is missing
        assertThat(result.isDisabled()).isEqualTo(!KafkaContainers.dockerAvailable());
        if (result.isDisabled()) {
            assertThat(result.getReason()).contains(TestBroker.NO_DOCKER);
        }
    }

    @ExtendWith(SharedKafkaExtension.class)
    static class PlainSuite {
    }

    @QuarkusTestResource(KafkaBrokerResource.class)
    static class QuarkusSuite {
        class Nested {
        }
    }

    static class InheritedSuite extends QuarkusSuite {
    }
}
