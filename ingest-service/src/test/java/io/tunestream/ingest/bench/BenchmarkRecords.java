package io.tunestream.ingest.bench;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tunestream.ingest.domain.ValidRecord;
import io.tunestream.sampledata.SampleRecord;
import io.tunestream.sampledata.SpamAssassinAdapter;
import io.tunestream.sampledata.SpamAssassinCorpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark's records: SpamAssassin texts cut to 200 characters, cycled, each made unique by a counter.
 * Record n is the same for both paths: a JSONL line for the REST upload, a {@link ValidRecord} for the
 * plain producer.
 */
final class BenchmarkRecords {

    private final List<SampleRecord> base;

    private BenchmarkRecords(List<SampleRecord> base) {
        this.base = base;
    }

    static BenchmarkRecords load() throws IOException {
        try (Stream<SampleRecord> records = new SpamAssassinAdapter().records(SpamAssassinCorpus.fetch())) {
            return new BenchmarkRecords(records.map(r -> new SampleRecord(r.id(), cut(r.text()), r.label(), r.group()))
                    .toList());
        }
    }

    private static String cut(String text) {
        String flat = text.replace('\n', ' ').strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 200);
    }

    ValidRecord record(long n) {
        SampleRecord r = base.get((int) (n % base.size()));
        return new ValidRecord("b" + n, r.text() + " #" + n, r.label(), null, null, Map.of());
    }

    byte[] jsonLine(long n) {
        ValidRecord r = record(n);
        String line = "{\"id\":\"" + r.sourceRecordId() + "\",\"text\":\"" + escape(r.text()) + "\",\"label\":\""
                + r.label() + "\"}\n";
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }

    /** A JSONL body of {@code count} records, generated while it is read (never held in memory). */
    InputStream body(long count, long[] bytesRead) {
        return new InputStream() {
            private long next;
            private byte[] line = new byte[0];
            private int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int filled = 0;
                while (filled < len) { // fill the buffer, as a client streaming a file does
                    if (pos == line.length) {
                        if (next == count) {
                            break;
                        }
                        line = jsonLine(next++);
                        pos = 0;
                    }
                    int n = Math.min(len - filled, line.length - pos);
                    System.arraycopy(line, pos, b, off + filled, n);
                    pos += n;
                    filled += n;
                }
                bytesRead[0] += filled;
                return filled == 0 && len > 0 ? -1 : filled;
            }
        };
    }
}
