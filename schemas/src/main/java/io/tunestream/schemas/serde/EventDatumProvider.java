package io.tunestream.schemas.serde;

import io.apicurio.registry.serde.avro.AvroDatumProvider;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Registry mode: how Apicurio's Avro serde reads and writes a tunestream event. The reader resolves the writer
 * schema fetched from the registry against the event class's own schema (BACKWARD evolution), through the same
 * {@link SpecificData} model as single-object encoding (the class's own loader, timestamps as {@code Instant}).
 * Apicurio's default provider would look classes up through Avro's loader, which Quarkus tests do not share.
 */
public final class EventDatumProvider implements AvroDatumProvider<Object> {

    private Class<?> type;
    private SpecificData model;

    @Override
    public void configure(AvroSerdeConfig config) {
        type = SerdeConfig.type(config.originals(), null);
        model = SingleObjectCodec.modelFor(type);
    }

    @Override
    public DatumWriter<Object> createDatumWriter(Object data, Schema schema) {
        return new SpecificDatumWriter<>(schema, model);
    }

    @Override
    public DatumReader<Object> createDatumReader(Schema writerSchema) {
        return new SpecificDatumReader<>(writerSchema, SingleObjectCodec.schemaOf(type), model);
    }

    @Override
    public Schema toSchema(Object data) {
        if (data instanceof SpecificRecord record) {
            return record.getSchema();
        }
        throw new IllegalArgumentException("not a tunestream event: " + (data == null ? null : data.getClass()));
    }
}
