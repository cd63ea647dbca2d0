package io.tunestream.schemas.serde;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Records written before prompt/completion existed still decode, through the schema history. */
class DatasetEventHistoryTest {

    @Test
    void shouldDecodeV1DatasetRecordWithNullPromptAndCompletionWhenWrittenBeforeTheyExisted() throws IOException {
        // Given: a record written by the v1 schema (no prompt, no completion)
        Schema v1;
        try (InputStream in = getClass().getResourceAsStream("/" + SchemaHistory.INDEX.replace("index", "DatasetEvent-v1.avsc"))) {
            v1 = new Schema.Parser().parse(in);
        }
        Schema recordV1 = v1.getField("body").schema().getTypes().get(0);
        GenericRecord body = new GenericData.Record(recordV1);
        body.put("recordId", "r1");
        body.put("sourceRecordId", "line-1");
        body.put("text", "Hello, World!");
        body.put("label", "greeting");
        body.put("operations", List.of("ingest:validate"));
        body.put("attributes", Map.of());
        GenericRecord event = new GenericData.Record(v1);
        event.put("eventId", "e1");
        event.put("datasetId", "d");
        event.put("version", "1");
        event.put("stage", "ingest");
        event.put("producedAt", 1L);
        event.put("body", body);
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(event).array();

        // When: today's codec reads it
        DatasetEvent read = new SingleObjectCodec<>(DatasetEvent.class).decode(bytes);

        // Then
        DatasetRecord record = (DatasetRecord) read.getBody();
        assertThat(record.getText()).isEqualTo("Hello, World!");
        assertThat(record.getLabel()).isEqualTo("greeting");
        assertThat(record.getPrompt()).isNull();
        assertThat(record.getCompletion()).isNull();
    }
}
