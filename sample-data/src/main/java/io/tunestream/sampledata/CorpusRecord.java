package io.tunestream.sampledata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One record of a packaged corpus, in the shape ingest reads: a text with a class label (classification) or a
 * numeric score (regression), and an optional group key that keeps related records in one split.
 *
 * @param id    source record id, stable across runs
 * @param text  the text
 * @param label class label, or null for a regression record
 * @param score numeric target, or null for a classification record
 * @param group group key (e.g. the speech a passage comes from), or null
 */
public record CorpusRecord(String id, String text, String label, Double score, String group) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes records as JSON lines ({@code id, text, label | score, group}) for {@code tunestream publish}. */
    public static Path writeJsonl(List<CorpusRecord> records, Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (CorpusRecord r : records) {
                ObjectNode node = JSON.createObjectNode().put("id", r.id()).put("text", r.text());
                if (r.label() != null) {
                    node.put("label", r.label());
                }
                if (r.score() != null) {
                    node.put("score", r.score());
                }
                if (r.group() != null) {
                    node.put("group", r.group());
                }
                out.write(JSON.writeValueAsString(node));
                out.write('\n');
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
