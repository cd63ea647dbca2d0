package io.tunestream.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ContextClassLoaderTest {

    @Test
    void shouldStartWhenContextClassLoaderHoldsAnotherCopyOfKafka() throws Exception {
        // Given: the situation of a Quarkus test, whose class loader has its own copy of the Kafka jars
        Thread current = Thread.currentThread();
        ClassLoader original = current.getContextClassLoader();
        EmbeddedKafkaBroker broker;
        try (URLClassLoader otherCopy = new URLClassLoader(classPath(), ClassLoader.getPlatformClassLoader())) {
            current.setContextClassLoader(otherCopy);

            // When
            broker = EmbeddedKafkaBroker.start();
            assertThat(current.getContextClassLoader()).isSameAs(otherCopy);
        } finally {
            current.setContextClassLoader(original);
        }

        // Then: it serves clients (created under this test's own class loader)
        try (broker) {
            String topic = "ccl-" + UUID.randomUUID();
            TestTopics.create(broker.bootstrapServers(), topic, 1, false);
            assertThat(TopicInspection.partitions(broker.bootstrapServers(), topic)).isEqualTo(1);
        }
    }

    private static URL[] classPath() throws Exception {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = Path.of(entries[i]).toUri().toURL();
        }
        return urls;
    }
}
