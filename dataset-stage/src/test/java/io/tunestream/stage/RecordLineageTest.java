package io.tunestream.stage;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A stage's operations appended to a record's lineage: in place where the list can grow, else on a copy. */
class RecordLineageTest {

    @Test
    void shouldAppendInPlaceToADecodedOrGrowableLineage() {
        GenericData.Array<String> decoded = new GenericData.Array<>(Schema.createArray(Schema.create(Schema.Type.STRING)),
                List.of("ingest"));
        List<String> growable = new ArrayList<>(List.of("ingest"));

        assertThat(RecordLineage.append(decoded, List.of("clean:nfkc", "clean:dedupe"))).isSameAs(decoded)
                .containsExactly("ingest", "clean:nfkc", "clean:dedupe");
        assertThat(RecordLineage.append(growable, List.of("split:train"))).isSameAs(growable)
                .containsExactly("ingest", "split:train");
    }

    @Test
    void shouldCopyALineageThatCannotGrow() {
        List<String> fixed = List.of("ingest");

        List<String> appended = RecordLineage.append(fixed, List.of("split:test"));

        assertThat(appended).containsExactly("ingest", "split:test");
        assertThat(fixed).containsExactly("ingest");
    }
}
