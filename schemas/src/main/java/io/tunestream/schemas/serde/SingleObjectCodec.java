package io.tunestream.schemas.serde;

import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Avro single-object encoding of one event type: C3 01, the writer schema's 8-byte CRC-64-AVRO fingerprint,
 * then Avro binary. Readers resolve older or newer writer schemas they know (the current one plus
 * {@link SchemaHistory}, plus any added with {@link #addWriterSchema(Schema)}), and look up a fingerprint they do
 * not know in the process's {@link SchemaTopic} when one is installed (a newer release's schema).
 *
 * @param <T> the generated event class
 */
public final class SingleObjectCodec<T extends SpecificRecord> {

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public SingleObjectCodec(Class<T> type) {
        this.type = type;
        Schema schema = schemaOf(type);
        // The model must load generated classes through their own class loader (Quarkus uses several),
        // and carry the logical-type conversions the generated code expects (timestamps as Instant).
        SpecificData model = new SpecificData(type.getClassLoader());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, SchemaTopic.RESOLVER);
        SchemaHistory.olderVersionsOf(schema, type.getClassLoader()).forEach(decoder::addSchema);
    }

    /** Lets this reader decode records written with another version of the schema. */
    public void addWriterSchema(Schema writerSchema) {
        decoder.addSchema(writerSchema);
    }

    /** Encodes one event. */
    public byte[] encode(T event) {
        try {
            return encoder.encode(event).array();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    /** Decodes one event, or throws {@link EventDecodingException} saying why it cannot. */
    public T decode(byte[] bytes) {
        String name = type.getSimpleName();
        if (bytes.length < 10) {
            throw new EventDecodingException(EventDecodingException.Reason.BAD_HEADER, name,
                    bytes.length + " bytes cannot hold a single-object header", null);
        }
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new EventDecodingException(EventDecodingException.Reason.BAD_HEADER, name, e.getMessage(), e);
        } catch (MissingSchemaException e) {
            throw new EventDecodingException(EventDecodingException.Reason.UNKNOWN_SCHEMA, name, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new EventDecodingException(EventDecodingException.Reason.MALFORMED_BODY, name, String.valueOf(e), e);
        }
    }

    /** The schema a generated class was compiled from. */
    public static Schema schemaOf(Class<?> type) {
        return SpecificData.get().getSchema(type);
    }
}
