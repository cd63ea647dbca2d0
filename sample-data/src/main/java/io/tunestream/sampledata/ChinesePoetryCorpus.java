package io.tunestream.sampledata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Classical Chinese poetry (npm {@code chinese-poetry@2.0.1}, MIT; the poems themselves are centuries old and in the
 * public domain) as a 3-class dataset: Tang poems ({@code tang-shi}), Song poems ({@code song-shi}) and Song ci
 * ({@code song-ci}), from the first file of each collection. The text is the poem's lines joined.
 */
public final class ChinesePoetryCorpus {

    /** The npm package and version. */
    public static final String PACKAGE_SPEC = "chinese-poetry@2.0.1";
    /** Label to the file of the package it comes from. */
    public static final Map<String, String> SOURCES = Map.of(
            "tang-shi", "package/dist/quantangshi/poet.tang.0.json",
            "song-shi", "package/dist/quantangshi/poet.song.0.json",
            "song-ci", "package/dist/songci/ci.song.0.json");

    static final String INTEGRITY =
            "sha512-KtYARvV7CWNtax0na9+Jn6PlhGgSoid7PWyDzXI4KsCEm2odZcqEQyval5koaLygZnM/EQ3lfJ//25K8p3uHNg==";
    private static final int MAX_CHARS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    private ChinesePoetryCorpus(Path root) {
        this.root = root;
    }

    /** Fetches the package (85 MB, once) into {@code cacheDir} and keeps the three files. */
    public static ChinesePoetryCorpus fetch(Path cacheDir) throws IOException {
        return new ChinesePoetryCorpus(new PackagedFiles(PACKAGE_SPEC, INTEGRITY, "chinese-poetry-2.0.1",
                Set.copyOf(SOURCES.values())).fetch(cacheDir));
    }

    /**
     * @param perClass poems per label, every k-th poem of its file (k spreads them over the file's authors)
     * @return the poems, labels in {@code tang-shi, song-shi, song-ci} order; each at most {@value #MAX_CHARS} characters
     */
    public List<CorpusRecord> poems(int perClass) {
        List<CorpusRecord> out = new ArrayList<>();
        for (String label : List.of("tang-shi", "song-shi", "song-ci")) {
            JsonNode poems = read(SOURCES.get(label));
            int stride = Math.max(1, poems.size() / perClass);
            int taken = 0;
            for (int i = 0; i < poems.size() && taken < perClass; i += stride) {
                String text = String.join("", lines(poems.get(i)));
                if (!text.isBlank()) {
                    String id = label + "/" + (poems.get(i).has("id") ? poems.get(i).get("id").asText() : i);
                    out.add(new CorpusRecord(id, text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text,
                            label, null, null));
                    taken++;
                }
            }
            if (taken < perClass) {
                throw new IllegalStateException(label + " has only " + taken + " poems, " + perClass + " asked");
            }
        }
        return out;
    }

    private static List<String> lines(JsonNode poem) {
        List<String> lines = new ArrayList<>();
        poem.path("paragraphs").forEach(p -> lines.add(p.asText().strip()));
        return lines;
    }

    private JsonNode read(String entry) {
        try {
            return JSON.readTree(root.resolve(entry).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry, e);
        }
    }
}
