package io.tunestream.schemas.serde;

import org.apache.avro.Schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Older writer schemas a reader must still understand. When an event's schema changes, its previous
 * {@code .avsc} is kept under {@code src/main/resources/tunestream/avro/history/} and listed in that folder's
 * {@code index} file (one resource name per line); readers then decode records written by either version.
 */
public final class SchemaHistory {

    /** Classpath location of the index of older schemas. */
    public static final String INDEX = "tunestream/avro/history/index";

    private SchemaHistory() {
    }

    /** Every historic schema whose full name equals the given schema's full name. */
    public static List<Schema> olderVersionsOf(Schema current, ClassLoader loader) {
        List<Schema> found = new ArrayList<>();
        for (String resource : indexEntries(loader)) {
            Schema schema = parse(loader, "tunestream/avro/history/" + resource);
            if (schema.getFullName().equals(current.getFullName())) {
                found.add(schema);
            }
        }
        return found;
    }

    private static List<String> indexEntries(ClassLoader loader) {
        List<String> entries = new ArrayList<>();
        try {
            Enumeration<URL> indexes = loader.getResources(INDEX);
            while (indexes.hasMoreElements()) {
                try (InputStream in = indexes.nextElement().openStream();
                     BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    reader.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(entries::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
        return entries;
    }

    private static Schema parse(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(INDEX + " lists a missing schema: " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }
}
