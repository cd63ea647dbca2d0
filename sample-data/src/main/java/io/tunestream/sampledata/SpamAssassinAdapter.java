package io.tunestream.sampledata;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.james.mime4j.dom.Message;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Turns SpamAssassin e-mails into labelled text records: {@code text} is the subject, a blank line and
 * the plain-text body (HTML-only mails converted to text); {@code label} is spam/ham from the corpus
 * folder; {@code group} is the thread key ({@link ThreadKey}). Records are produced lazily, one message
 * at a time, so the corpus is never held twice in memory.
 */
public final class SpamAssassinAdapter {

    private final MimeText corpusText = new MimeText(true);
    private final MimeText rawBytesText = new MimeText(false);

    /** Adapts every message of the corpus, lazily, in the corpus' order. Close the stream when done. */
    public Stream<SampleRecord> records(SpamAssassinCorpus corpus) {
        return corpus.messages().map(this::adapt);
    }

    /** Adapts one message of the corpus (already Unicode text, see {@link RawMessage}). */
    public SampleRecord adapt(RawMessage raw) {
        return adapt(raw.id(), raw.label(), raw.text().getBytes(StandardCharsets.UTF_8), corpusText);
    }

    /** Adapts one message given as the bytes of an RFC 822 file: every part is read in its declared charset. */
    public SampleRecord adapt(String id, String label, byte[] rfc822) {
        return adapt(id, label, rfc822, rawBytesText);
    }

    private static SampleRecord adapt(String id, String label, byte[] bytes, MimeText mime) {
        try {
            Message message = mime.parse(bytes);
            String subject = message.getSubject() == null ? "" : message.getSubject().strip();
            String text = subject + "\n\n" + mime.bodyText(message);
            return new SampleRecord(id, text, label, ThreadKey.of(message, id));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse message " + id, e);
        }
    }

    /**
     * Writes records as JSON Lines ({@code {"id","text","label","group"}} per line, UTF-8).
     *
     * @return the number of records written
     */
    public static long writeJsonl(Stream<SampleRecord> records, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return writeJsonl(records, out);
        }
    }

    /**
     * Writes records as JSON Lines to a writer, which is flushed and left open.
     *
     * @return the number of records written
     */
    public static long writeJsonl(Stream<SampleRecord> records, Writer out) throws IOException {
        ObjectMapper json = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        long count = 0;
        for (Iterator<SampleRecord> it = records.iterator(); it.hasNext(); count++) {
            json.writeValue(out, it.next());
            out.write('\n');
        }
        out.flush();
        return count;
    }

    /** Fetches the corpus (default cache) and writes it as JSON Lines to the path given as first argument. */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "spam-assassin.jsonl");
        try (Stream<SampleRecord> records = new SpamAssassinAdapter().records(SpamAssassinCorpus.fetch())) {
            long n = writeJsonl(records, target);
            System.out.println("Wrote " + n + " records to " + target.toAbsolutePath());
        }
    }
}
