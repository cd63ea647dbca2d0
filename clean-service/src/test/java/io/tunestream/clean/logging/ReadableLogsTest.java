package io.tunestream.clean.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunestream.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Without the switch the console log stays human-readable (the default profile, shared with the other tests). */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class ReadableLogsTest {

    @Test
    void shouldWritePlainTextLinesWhenJsonLogsAreNotSwitchedOn() {
        // Given the service running with its default configuration
        // When it logs a line
        String line = ConsoleLogFormat.lineFor("io.tunestream.clean", "dataset mail@1 cleaned");

        // Then the line is the readable pattern, not JSON
        assertThat(line).contains("INFO", "dataset mail@1 cleaned").doesNotStartWith("{");
    }
}
