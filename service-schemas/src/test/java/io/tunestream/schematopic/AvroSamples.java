package io.tunestream.schematopic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * A deterministic sample of any Avro schema with every field set (first non-null union branch, one array element,
 * one map entry), so a decoder that can read it reads every field of that version; and its single-object encoding.
 */
final class AvroSamples {

    private AvroSamples() {
    }

    /** A record of {@code schema} with every field set to a sample value. */
    static GenericRecord record(Schema schema) {
        return (GenericRecord) value(schema, 0);
    }

    /** The single-object encoding of {@code record}, written with its own schema. */
    static byte[] singleObject(GenericRecord record) {
        try {
            return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema()).encode(record).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(Schema schema, int depth) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), value(field.schema(), depth + 1));
                }
                yield record;
            }
            case UNION -> {
                List<Schema> branches = schema.getTypes();
                Schema chosen = branches.stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
                        .orElse(branches.get(0));
                yield depth > 8 && branches.stream().anyMatch(s -> s.getType() == Schema.Type.NULL)
                        ? null : value(chosen, depth + 1);
            }
            case ARRAY -> depth > 8 ? List.of() : List.of(value(schema.getElementType(), depth + 1));
            case MAP -> depth > 8 ? Map.of() : Map.of("k", value(schema.getValueType(), depth + 1));
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(0));
            case FIXED -> new GenericData.Fixed(schema, new byte[schema.getFixedSize()]);
            case STRING -> "sample";
            case BYTES -> ByteBuffer.wrap(new byte[] {1, 2, 3});
            case INT -> 7;
            case LONG -> 1_764_000_000_000L;
            case FLOAT -> 0.25f;
            case DOUBLE -> 0.5d;
            case BOOLEAN -> true;
            case NULL -> null;
        };
    }
}
