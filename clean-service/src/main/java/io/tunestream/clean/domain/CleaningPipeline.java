package io.tunestream.clean.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cleaning stage as pure logic: HTML and e-mail stripping (optional), Unicode normalisation,
 * label normalisation, empty/missing removal, exact and near-duplicate removal, balancing (for causal-LM
 * data: no case folding, no punctuation policy, no labels, no balancing; see {@link CleanConfig}); returns
 * the kept records (with lineage such as {@code clean:nfkc}) and a {@link CleanReport}.
 * Stateless and thread-safe; each dataset gets its own {@link DatasetCleaner}.
 */
public final class CleaningPipeline {

    private final CleanConfig config;
    private final List<String> lineage;

    /** A pipeline for one configuration. */
    public CleaningPipeline(CleanConfig config) {
        this.config = config;
        this.lineage = lineageOf(config);
    }

    /** Cleans a whole dataset in memory. */
    public CleanResult run(List<TextRecord> dataset) {
        DatasetCleaner cleaner = newDataset(dataset.size());
        cleaner.acceptAll(dataset);
        return cleaner.finish();
    }

    /** A cleaner for one dataset fed record by record (e.g. from a stream until its seal). */
    public DatasetCleaner newDataset(int expectedRecords) {
        return new DatasetCleaner(config, lineage, Math.max(16, expectedRecords));
    }

    /** The operations every kept record gets in its lineage, in the order they ran. */
    public List<String> lineage() {
        return lineage;
    }

    private static List<String> lineageOf(CleanConfig c) {
        List<String> ops = new ArrayList<>();
        if (c.text().htmlToText()) {
            ops.add("clean:html");
        }
        if (c.text().stripEmailParts()) {
            ops.add("clean:email-reply");
        }
        if (c.text().nfkc()) {
            ops.add("clean:nfkc");
        }
        if (c.text().lowercase()) {
            ops.add("clean:lowercase");
        }
        if (c.text().punctuation() != PunctuationPolicy.KEEP) {
            ops.add("clean:punctuation-" + c.text().punctuation().name().toLowerCase(Locale.ROOT));
        }
        ops.add("clean:whitespace");
        if (!c.causalLm()) {
            ops.add("clean:label");
        }
        if (c.dedupe()) {
            ops.add("clean:dedupe");
        }
        if (c.nearDuplicates().enabled()) {
            ops.add("clean:near-dedupe");
        }
        if (c.balance() != BalancePolicy.NONE) {
            ops.add("clean:balance-" + c.balance().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return List.copyOf(ops);
    }
}
