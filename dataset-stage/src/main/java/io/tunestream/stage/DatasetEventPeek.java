package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetSeal;
import io.tunestream.schemas.serde.SchemaHistory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells whether an encoded {@link DatasetEvent} is a seal by reading its first bytes, not the whole event: a stage
 * holds a version's batches undecoded until the seal (and decodes them then, on all cores), so it must recognise the
 * seal among them cheaply. Works on Avro single-object encoding (C3 01, the writer schema's fingerprint, Avro
 * binary) written with the current schema or one in {@link SchemaHistory} whose fields before {@code body} are
 * strings and longs: it skips those and reads the union branch of {@code body}. Anything else (registry mode's wire
 * format, an unknown fingerprint, bytes that end early) answers {@link Answer#UNKNOWN}: decode it to know.
 */
final class DatasetEventPeek {

    /** What the first bytes say. */
    enum Answer { SEAL, NOT_SEAL, UNKNOWN }

    /** Per known writer schema: the fields before {@code body} (true = string, false = long), and the seal branch. */
    private record Layout(boolean[] stringsBefore, int sealBranch) {
    }

    private static final Map<Long, Layout> LAYOUTS = layouts();

    private DatasetEventPeek() {
    }

    static Answer peek(byte[] value) {
        if (value == null || value.length < 10 || value[0] != (byte) 0xC3 || value[1] != 0x01) {
            return Answer.UNKNOWN;
        }
        long fingerprint = 0;
        for (int i = 9; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (value[i] & 0xFF);
        }
        Layout layout = LAYOUTS.get(fingerprint);
        if (layout == null) {
            return Answer.UNKNOWN;
        }
        int[] pos = {10};
        for (boolean string : layout.stringsBefore()) {
            long n = varLong(value, pos);
            if (n < 0) {
                return Answer.UNKNOWN;
            }
            if (string) {
                pos[0] += (int) n;
            }
        }
        long branch = varLong(value, pos);
        if (branch < 0) {
            return Answer.UNKNOWN;
        }
        return branch == layout.sealBranch() ? Answer.SEAL : Answer.NOT_SEAL;
    }

    /** Reads one zig-zag varint; -1 when the bytes end or the value is negative (nothing valid here is). */
    private static long varLong(byte[] b, int[] pos) {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) {
                return -1;
            }
            int x = b[pos[0]++];
            raw |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                long value = (raw >>> 1) ^ -(raw & 1);
                return value < 0 ? -1 : value;
            }
        }
        return -1;
    }

    private static Map<Long, Layout> layouts() {
        List<Schema> schemas = new ArrayList<>(SchemaHistory.olderVersionsOf(DatasetEvent.getClassSchema(),
                DatasetEvent.class.getClassLoader()));
        schemas.add(DatasetEvent.getClassSchema());
        Map<Long, Layout> layouts = new HashMap<>();
        for (Schema schema : schemas) {
            Layout layout = layout(schema);
            if (layout != null) {
                layouts.put(SchemaNormalization.parsingFingerprint64(schema), layout);
            }
        }
        return Map.copyOf(layouts);
    }

    private static Layout layout(Schema schema) {
        List<Schema.Field> fields = schema.getFields();
        boolean[] before = new boolean[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Schema type = fields.get(i).schema();
            if (fields.get(i).name().equals("body") && type.getType() == Schema.Type.UNION) {
                List<Schema> branches = type.getTypes();
                for (int b = 0; b < branches.size(); b++) {
                    if (branches.get(b).getFullName().equals(DatasetSeal.getClassSchema().getFullName())) {
                        return new Layout(java.util.Arrays.copyOf(before, i), b);
                    }
                }
                return null;
            }
            if (type.getType() == Schema.Type.STRING) {
                before[i] = true;
            } else if (type.getType() != Schema.Type.LONG && type.getType() != Schema.Type.INT) {
                return null;
            }
        }
        return null;
    }
}
