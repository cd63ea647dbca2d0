package io.tunestream.schemas.serde;

import io.tunestream.events.StageReport;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A future version of StageReport with one added optional field, as the next release might have it. */
final class StageReportV2 {

    static final Schema V2 = v2Schema();

    private StageReportV2() {
    }

    private static Schema v2Schema() {
        Schema v1 = StageReport.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : v1.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        fields.add(new Schema.Field("reviewer", optionalString, "who reviewed the stage output", Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
    }

    static StageReport v1Report() {
        return StageReport.newBuilder().setReportId("rep-1").setDatasetId("spam").setVersion("1").setStage("clean")
                .setRecordsIn(10).setRecordsOut(8).setDropped(Map.of("duplicate", 2L))
                .setLabelsIn(Map.of("ham", 7L, "spam", 3L)).setLabelsOut(Map.of("ham", 5L, "spam", 3L))
                .setProducedAt(Instant.ofEpochMilli(1_764_000_000_000L)).build();
    }

    static GenericRecord v2Record(String reviewer) {
        GenericRecord v1AsGeneric = (GenericRecord) SpecificData.get().deepCopy(StageReport.getClassSchema(), v1Report());
        GenericData.Record v2 = new GenericData.Record(V2);
        for (Schema.Field f : StageReport.getClassSchema().getFields()) {
            Object value = v1AsGeneric.get(f.name());
            v2.put(f.name(), value instanceof Instant i ? i.toEpochMilli() : value);
        }
        v2.put("reviewer", reviewer);
        return v2;
    }

    static byte[] encodeV2(GenericRecord record) {
        try {
            return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V2).encode(record).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
