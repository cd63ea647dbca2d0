package io.tunestream.schematopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.tunestream.schemas.serde.EventCatalog;
import io.tunestream.schemas.serde.SchemaHistory;
import io.tunestream.schemas.serde.SchemaTopic;
import io.tunestream.schemas.serde.SingleObjectCodec;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Released event bytes stay readable: {@code src/test/resources/frozen-events} holds one single-object sample of every
 * event schema version ever released (today's and {@link SchemaHistory}'s), written with that version, and today's
 * code must decode every one. A schema change without a frozen sample of the new version fails here; freeze it with
 * {@code -Dtunestream.freeze-samples=true} (writes only the missing samples, never rewrites one). Removing an old
 * version from the schema history makes its frozen sample undecodable, and fails here too.
 */
class FrozenEventSamplesTest {

    private static final Path FROZEN = Path.of("src/test/resources/frozen-events");

    @Test
    void shouldHoldAFrozenSampleOfEveryReleasedEventSchemaVersion() throws IOException {
        // Given every event schema version the code knows: today's, and the history's older ones
        List<Schema> released = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : EventCatalog.EVENTS) {
            Schema current = SingleObjectCodec.schemaOf(type);
            released.add(current);
            released.addAll(SchemaHistory.olderVersionsOf(current, type.getClassLoader()));
        }
        boolean freeze = Boolean.getBoolean("tunestream.freeze-samples");
        // When we look for the frozen sample of each
        List<String> missing = new ArrayList<>();
        for (Schema schema : released) {
            Path sample = FROZEN.resolve(fileName(schema));
            if (!Files.exists(sample)) {
                if (freeze) {
                    Files.createDirectories(FROZEN);
                    Files.write(sample, AvroSamples.singleObject(AvroSamples.record(schema)));
                } else {
                    missing.add(sample.getFileName().toString());
                }
            }
        }
        // Then every one is there
        assertThat(missing).as("frozen samples missing (run this test with -Dtunestream.freeze-samples=true "
                + "in service-schemas and commit them)").isEmpty();
    }

    @Test
    void shouldDecodeEveryFrozenSampleWithTodaysCode() throws IOException {
        // Given every frozen sample, written by some released version of an event schema
        List<Path> samples;
        try (Stream<Path> files = Files.list(FROZEN)) {
            samples = files.filter(f -> f.toString().endsWith(".avro")).sorted().toList();
        }
        assertThat(samples).hasSizeGreaterThanOrEqualTo(EventCatalog.EVENTS.size());
        for (Path sample : samples) {
            // When today's codec of its event type decodes it
            Class<? extends SpecificRecord> type = typeOf(sample);
            byte[] bytes = Files.readAllBytes(sample);
            // Then it decodes, into a record whose fields today's code can read
            assertThatCode(() -> new SingleObjectCodec<>(type).decode(bytes).toString()).as(sample.toString())
                    .doesNotThrowAnyException();
        }
    }

    private static String fileName(Schema schema) {
        return schema.getName() + "-" + SchemaTopic.key(schema) + ".avro";
    }

    private static Class<? extends SpecificRecord> typeOf(Path sample) {
        String name = sample.getFileName().toString();
        String simpleName = name.substring(0, name.indexOf('-'));
        return EventCatalog.EVENTS.stream().filter(t -> t.getSimpleName().equals(simpleName)).findFirst()
                .orElseThrow(() -> new AssertionError(sample + " is of no event type the code knows"));
    }
}
