package io.tunestream.clean.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Cleans one dataset, record by record, then balances it when the dataset is complete (never causal-LM data): the
 * per-record steps (text and label normalisation, empty/missing drops, exact and near dedupe) run
 * in {@link #accept(TextRecord)}, balancing in {@link #finish()}. Holds the dedupe state of the
 * whole dataset; not thread-safe ({@link #acceptAll(List)} cleans texts on all cores itself). Obtain one from {@link CleaningPipeline#newDataset(int)}.
 */
public final class DatasetCleaner {

    /** Each cleaning thread's room for a dedupe key ({@link ExactDeduplicator#key(String, long[])}). */
    private static final ThreadLocal<long[]> KEY = ThreadLocal.withInitial(() -> new long[2]);

    private final CleanConfig config;
    private final List<String> lineage;
    private final TextNormalizer normalizer;
    private final LabelNormalizer labels;
    private final HtmlToText html = new HtmlToText();
    private final EmailReplyStripper email = new EmailReplyStripper();
    private final ExactDeduplicator exact;
    private final NearDuplicateDetector near;
    private final CleanReport report = new CleanReport();
    private final List<TextRecord> survivors;

    DatasetCleaner(CleanConfig config, List<String> lineage, int expectedRecords) {
        this.config = config;
        this.lineage = lineage;
        this.normalizer = new TextNormalizer(config.text());
        this.labels = new LabelNormalizer(config.labels());
        this.exact = config.dedupe() ? new ExactDeduplicator(expectedRecords) : null;
        this.near = config.nearDuplicates().enabled()
                ? new NearDuplicateDetector(config.nearDuplicates(), expectedRecords) : null;
        this.survivors = new ArrayList<>(expectedRecords);
    }

    /**
     * Cleans one record; the cleaned record, or empty when it was dropped (counted in the report).
     * A returned record may still be removed by undersampling in {@link #finish()}.
     */
    public Optional<TextRecord> accept(TextRecord record) {
        return accept(record, null);
    }

    /**
     * Cleans records in order, as {@link #accept(TextRecord)} one by one would, with their texts cleaned on all
     * cores first (cleaning a text is pure; dedupe and the counts stay in arrival order on this thread).
     */
    public void acceptAll(List<TextRecord> records) {
        CleanTexts[] texts = IntStream.range(0, records.size()).parallel()
                .mapToObj(i -> cleanTexts(records.get(i))).toArray(CleanTexts[]::new);
        for (int i = 0; i < texts.length; i++) {
            accept(records.get(i), texts[i]);
        }
    }

    /**
     * A record's texts after cleaning, computed ahead: {@code text}, or {@code prompt} and {@code completion}; with
     * exact dedupe on, the 128-bit key of what is deduplicated ({@link ExactDeduplicator#key(String, long[])}).
     */
    private record CleanTexts(String text, String prompt, String completion, long keyHigh, long keyLow) {
    }

    private CleanTexts cleanTexts(TextRecord record) {
        if (config.causalLm() && record.isPair()) {
            String prompt = cleanText(record.prompt());
            String completion = cleanText(record.completion());
            return keyed(null, prompt, completion, exact == null ? null : pairKey(prompt, completion));
        }
        String text = cleanText(record.text());
        return keyed(text, null, null, text);
    }

    private CleanTexts keyed(String text, String prompt, String completion, String dedupeKey) {
        if (exact == null) {
            return new CleanTexts(text, prompt, completion, 0, 0);
        }
        long[] key = KEY.get();
        ExactDeduplicator.key(dedupeKey, key);
        return new CleanTexts(text, prompt, completion, key[0], key[1]);
    }

    /** The exact key of a pair: joined with U+0000, which cleaning removes from both parts. */
    private static String pairKey(String prompt, String completion) {
        return prompt + '\u0000' + completion;
    }

    private Optional<TextRecord> accept(TextRecord record, CleanTexts ahead) {
        if (config.causalLm()) {
            return acceptCausalLm(record, ahead);
        }
        Optional<String> label = labels.normalize(record.label());
        report.recordIn(label.orElse(null));
        DropReason reason = labelProblem(record, label);
        String text = reason == null ? (ahead == null ? cleanText(record.text()) : ahead.text()) : null;
        if (reason == null && text.isEmpty()) {
            reason = DropReason.EMPTY_TEXT;
        }
        if (reason == null && exact != null
                && !(ahead == null ? exact.firstOccurrence(text) : exact.firstOccurrence(ahead.keyHigh(), ahead.keyLow()))) {
            reason = DropReason.EXACT_DUPLICATE;
        }
        if (reason == null && near != null && near.keepIfNovel(text) >= 0) {
            reason = DropReason.NEAR_DUPLICATE;
        }
        if (reason != null) {
            report.recordDrop(reason);
            return Optional.empty();
        }
        TextRecord cleaned = record.cleaned(text, label.orElse(null), lineage);
        survivors.add(cleaned);
        return Optional.of(cleaned);
    }

    /**
     * A causal-LM record: its label (if any) passes untouched; prompt and completion are cleaned separately and
     * deduplicated as a pair. The exact key joins them with U+0000, which cleaning removes from both, so two pairs
     * collide only when both parts are equal; near-duplicate shingles see the prompt, a newline, the completion.
     */
    private Optional<TextRecord> acceptCausalLm(TextRecord record, CleanTexts ahead) {
        report.recordIn(record.label());
        DropReason reason = null;
        TextRecord cleaned;
        String dedupeKey;
        String similarityText;
        if (record.isPair()) {
            String prompt = ahead == null ? cleanText(record.prompt()) : ahead.prompt();
            String completion = ahead == null ? cleanText(record.completion()) : ahead.completion();
            cleaned = record.cleanedPair(prompt, completion, lineage);
            reason = prompt.isEmpty() || completion.isEmpty() ? DropReason.EMPTY_TEXT : null;
            dedupeKey = ahead == null ? pairKey(prompt, completion) : null;
            similarityText = prompt + '\n' + completion;
        } else {
            String text = ahead == null ? cleanText(record.text()) : ahead.text();
            cleaned = record.cleaned(text, record.label(), lineage);
            reason = text.isEmpty() ? DropReason.EMPTY_TEXT : null;
            dedupeKey = text;
            similarityText = text;
        }
        if (reason == null && exact != null && !(ahead == null ? exact.firstOccurrence(dedupeKey)
                : exact.firstOccurrence(ahead.keyHigh(), ahead.keyLow()))) {
            reason = DropReason.EXACT_DUPLICATE;
        }
        if (reason == null && near != null && near.keepIfNovel(similarityText) >= 0) {
            reason = DropReason.NEAR_DUPLICATE;
        }
        if (reason != null) {
            report.recordDrop(reason);
            return Optional.empty();
        }
        survivors.add(cleaned);
        return Optional.of(cleaned);
    }

    /** Balances the surviving records and closes the report; call once, after the last record. */
    public CleanResult finish() {
        BalanceOutcome outcome = new Balancer(config.balance(), config.seed()).balance(survivors);
        report.recordDrops(DropReason.UNDERSAMPLED, outcome.undersampled());
        for (TextRecord r : outcome.records()) {
            report.recordOut(r.label());
        }
        return new CleanResult(outcome.records(), report, outcome);
    }

    /** The report so far. */
    public CleanReport report() {
        return report;
    }

    private DropReason labelProblem(TextRecord record, Optional<String> label) {
        if (label.isPresent()) {
            return null;
        }
        if (!labels.isMissing(record.label())) {
            return DropReason.UNKNOWN_LABEL;
        }
        return record.score() == null ? DropReason.MISSING_LABEL : null;
    }

    private String cleanText(String raw) {
        String text = raw;
        if (text != null && config.text().htmlToText()) {
            text = html.convert(text);
        }
        if (text != null && config.text().stripEmailParts()) {
            text = email.strip(text);
        }
        return normalizer.normalize(text);
    }
}
