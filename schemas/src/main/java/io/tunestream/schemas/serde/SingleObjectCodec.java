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
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Avro single-object encoding of one event type: C3 01, the writer schema's 8-byte CRC-64-AVRO fingerprint,
 * then Avro binary. Readers resolve older or newer writer schemas they know (the current one plus
 * {@link SchemaHistory}, plus any added with {@link #addWriterSchema(Schema)}), and look up a fingerprint they do
 * not know in the process's {@link SchemaTopic} when one is installed (a newer release's schema).
 *
 * <p>When the process runs in registry mode ({@link SerdeSettings#process()}), a codec made with the one-argument
 * constructor writes and reads the Confluent wire format through Apicurio's serde instead (subject: the event's full
 * name), so stages that encode bytes themselves follow the same switch as every Kafka serde.
 *
 * @param <T> the generated event class
 */
public final class SingleObjectCodec<T extends SpecificRecord> {

    /** Registry mode names subjects after the event, not the topic; the serde still wants a topic name. */
    private static final String SUBJECTLESS_TOPIC = "tunestream";

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final Serializer<Object> registryWriter;
    private final Deserializer<Object> registryReader;

    /** A codec in this process's wire format ({@link SerdeSettings#process()}). */
    public SingleObjectCodec(Class<T> type) {
        this(type, SerdeSettings.process());
    }

    /** A codec in the given wire format. */
    public SingleObjectCodec(Class<T> type, SerdeSettings settings) {
        this.type = type;
        Schema schema = schemaOf(type);
        SpecificData model = modelFor(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, SchemaTopic.RESOLVER);
        SchemaHistory.olderVersionsOf(schema, type.getClassLoader()).forEach(decoder::addSchema);
        boolean registry = settings.mode() == SerdeMode.REGISTRY;
        this.registryWriter = registry ? RegistrySerdes.serializer(settings.clientProperties(), type, false) : null;
        this.registryReader = registry ? RegistrySerdes.deserializer(settings.clientProperties(), type, false) : null;
    }

    /**
     * The model generated classes are read and written with: it loads them through their own class loader (Quarkus
     * uses several) and carries the logical-type conversions the generated code expects (timestamps as Instant). It
     * uses the generated classes' own encode and decode methods where the compiler made them (records without
     * logical types, e.g. a batch's {@code DatasetRecord}s): about a fifth less time than Avro's generic path when
     * encoding a version's batches.
     */
    static SpecificData modelFor(Class<?> type) {
        SpecificData model = new SpecificData(type.getClassLoader());
        model.setCustomCoders(true);
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        return model;
    }

    /** Lets this reader decode records written with another version of the schema (registry mode: not needed). */
    public void addWriterSchema(Schema writerSchema) {
        decoder.addSchema(writerSchema);
    }

    /** Encodes one event. */
    public byte[] encode(T event) {
        if (registryWriter != null) {
            return registryWriter.serialize(SUBJECTLESS_TOPIC, event);
        }
        try {
            return encoder.encode(event).array();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    /** Decodes one event, or throws {@link EventDecodingException} saying why it cannot. */
    public T decode(byte[] bytes) {
        String name = type.getSimpleName();
        if (registryReader != null) {
            try {
                return type.cast(registryReader.deserialize(SUBJECTLESS_TOPIC, bytes));
            } catch (RuntimeException e) {
                throw new EventDecodingException(EventDecodingException.Reason.REGISTRY, name, String.valueOf(e), e);
            }
        }
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
