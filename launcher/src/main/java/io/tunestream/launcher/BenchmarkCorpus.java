package io.tunestream.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetRecordBatch;
import io.tunestream.events.DatasetSeal;
import io.tunestream.sampledata.SampleRecord;
import io.tunestream.sampledata.SpamAssassinAdapter;
import io.tunestream.sampledata.SpamAssassinCorpus;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark's records: SpamAssassin texts cut to 256 characters with a counter, every fifth record an exact
 * duplicate of an earlier one (~20% duplicates), written as JSON Lines for the pandas reference and turned into
 * dataset events for the pipeline.
 */
final class BenchmarkCorpus {

    record Row(String id, String text, String label) {
    }

    private BenchmarkCorpus() {
    }

    /** {@code n} rows built from the real corpus. */
    static List<Row> rows(int n) throws IOException {
        List<SampleRecord> corpus;
        try (Stream<SampleRecord> records = new SpamAssassinAdapter().records(SpamAssassinCorpus.fetch())) {
            corpus = records.filter(r -> r.text() != null && !r.text().isBlank()).toList();
        }
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i % 5 == 4) {
                Row earlier = rows.get(i / 2);
                rows.add(new Row("b" + i, earlier.text(), earlier.label()));
                continue;
            }
            SampleRecord r = corpus.get(i % corpus.size());
            String text = r.text().length() > 240 ? r.text().substring(0, 240) : r.text();
            rows.add(new Row("b" + i, text + " #" + i, r.label()));
        }
        return rows;
    }

    /** Writes {@code {"id","text","label"}} lines. */
    static void writeJsonl(List<Row> rows, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Row r : rows) {
                out.write(json.writeValueAsString(Map.of("id", r.id(), "text", r.text(), "label", r.label())));
                out.write('\n');
            }
        }
    }

    /** The batch event {@code number} of rows, as ingest writes the raw topic. */
    static DatasetEvent batch(String datasetId, String version, long number, List<Row> rows) {
        List<DatasetRecord> records = new ArrayList<>(rows.size());
        for (Row row : rows) {
            records.add(DatasetRecord.newBuilder().setRecordId(row.id()).setSourceRecordId(row.id())
                    .setText(row.text()).setLabel(row.label()).setOperations(new ArrayList<>(List.of("ingest"))).build());
        }
        return wrap(datasetId, version, "b" + number,
                DatasetRecordBatch.newBuilder().setBatchNumber(number).setRecords(records).build());
    }

    /** The seal closing {@code count} records in {@code batches} batches, with the dataset's settings. */
    static DatasetEvent seal(String datasetId, String version, long count, long batches, Map<String, String> config) {
        return wrap(datasetId, version, "seal", DatasetSeal.newBuilder().setRecordCount(count).setBatchCount(batches)
                .setConfig(config).build());
    }

    private static DatasetEvent wrap(String datasetId, String version, String id, Object body) {
        return DatasetEvent.newBuilder().setEventId(datasetId + "@" + version + "/" + id).setDatasetId(datasetId)
                .setVersion(version).setStage("ingest").setProducedAt(Instant.EPOCH).setBody(body).build();
    }
}
