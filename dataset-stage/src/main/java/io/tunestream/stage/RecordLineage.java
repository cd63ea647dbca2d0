package io.tunestream.stage;

import org.apache.avro.generic.GenericData;

import java.util.ArrayList;
import java.util.List;

/**
 * Appends a stage's operations to a record's lineage ({@code DatasetRecord.operations}). A decoded record's lineage
 * is Avro's own growable array, changed in place as {@link DatasetStage#apply} allows: no copy per record of a
 * million-record version. Any other list (an immutable one a test or a caller built) is copied first.
 */
public final class RecordLineage {

    private RecordLineage() {
    }

    /** @return the lineage with {@code operations} appended: {@code lineage} itself when it can grow in place */
    public static List<String> append(List<String> lineage, List<String> operations) {
        if (lineage instanceof GenericData.Array<String> || lineage instanceof ArrayList<String>) {
            lineage.addAll(operations);
            return lineage;
        }
        List<String> copy = new ArrayList<>(lineage.size() + operations.size());
        copy.addAll(lineage);
        copy.addAll(operations);
        return copy;
    }
}
