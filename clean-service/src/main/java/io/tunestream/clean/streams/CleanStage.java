package io.tunestream.clean.streams;

import io.tunestream.clean.domain.BalanceOutcome;
import io.tunestream.clean.domain.CleanConfig;
import io.tunestream.clean.domain.CleanResult;
import io.tunestream.clean.domain.CleaningPipeline;
import io.tunestream.clean.domain.DatasetCleaner;
import io.tunestream.clean.domain.DropReason;
import io.tunestream.clean.domain.TextRecord;
import io.tunestream.events.DatasetRecord;
import io.tunestream.schemas.SealConfig;
import io.tunestream.stage.DatasetBatch;
import io.tunestream.stage.DatasetStage;
import io.tunestream.stage.DatasetTasks;
import io.tunestream.stage.RecordLineage;
import io.tunestream.stage.StageResult;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The clean stage: maps a sealed dataset version to the cleaning domain ({@link CleaningPipeline}) and back,
 * keeping each record's lineage, attributes and source id; the seal's {@code task} decides whether it is causal-LM
 * data (prompt and completion cleaned apart, no labels, no balancing). The balance outcome (class weights, oversampling plan)
 * travels on in the seal's config for the trainer and augment.
 */
public final class CleanStage implements DatasetStage {

    /** Seal config key of the class weights, {@code label=weight,...}. */
    public static final String CLASS_WEIGHTS = SealConfig.CLASS_WEIGHTS;
    /** Seal config key of the oversampling plan, {@code label=extraCopies,...}. */
    public static final String OVERSAMPLE_PLAN = SealConfig.OVERSAMPLE_PLAN;

    private final Map<String, String> defaults;

    /** A stage with the service defaults (seal-config keys, see {@link CleanSettings}). */
    public CleanStage(Map<String, String> defaults) {
        this.defaults = Map.copyOf(defaults);
    }

    @Override
    public String name() {
        return "clean";
    }

    @Override
    public StageResult apply(DatasetBatch batch) {
        CleanConfig config;
        Map<String, String> ignored;
        try {
            config = CleanSettings.resolve(batch.config(), defaults);
            ignored = CleanSettings.ignored(batch.config());
        } catch (IllegalArgumentException e) {
            return StageResult.rejected("invalid cleaning settings: " + e.getMessage(), batch.config());
        }
        List<DatasetRecord> records = batch.records();
        CleanResult result = clean(config, records);
        List<DatasetRecord> out = new ArrayList<>(result.records().size());
        BitSet taken = new BitSet(records.size());
        for (TextRecord t : result.records()) { // first the records to change, before any is changed
            int i = original(batch, t.id(), taken);
            // a record id that occurs twice in the version: its second record is a copy
            out.add(taken.get(i) ? DatasetRecord.newBuilder(records.get(i)).build() : records.get(i));
            taken.set(i);
        }
        for (int k = 0; k < out.size(); k++) {
            // changed in place, as the batch allows: the uncleaned text can go while the version is written
            TextRecord t = result.records().get(k);
            DatasetRecord r = out.get(k);
            r.setText(t.text());
            r.setLabel(t.label());
            r.setPrompt(t.prompt());
            r.setCompletion(t.completion());
            r.setOperations(RecordLineage.append(r.getOperations(), t.operations()));
        }
        Map<String, String> applied = new TreeMap<>(CleanSettings.describe(config));
        applied.put(DatasetTasks.KEY, DatasetTasks.value(batch.task()));
        ignored.forEach((key, value) -> applied.put("ignored." + key, value));
        return StageResult.completed(out, dropped(result), 0, applied, sealConfig(result.balance()))
                .withNote(ignored.isEmpty() ? null : "ignored for task=causal_lm (causal-LM data keeps its case and is"
                        + " never balanced): " + join(ignored));
    }

    /** The version's records cleaned; the domain records live only as long as the cleaning. */
    private static CleanResult clean(CleanConfig config, List<DatasetRecord> records) {
        List<TextRecord> in = new ArrayList<>(records.size());
        for (DatasetRecord r : records) { // no lineage in: clean's own is appended to the record's afterwards
            in.add(new TextRecord(r.getRecordId(), r.getText(), r.getLabel(), r.getScore(), r.getGroup(),
                    List.of(), r.getPrompt(), r.getCompletion()));
        }
        DatasetCleaner cleaner = new CleaningPipeline(config).newDataset(records.size());
        cleaner.acceptAll(in);
        return cleaner.finish();
    }

    /**
     * The index of the input record a cleaned record came from: of several with that id, the first not taken yet (or
     * the last, when all are).
     */
    static int original(DatasetBatch batch, String id, BitSet taken) {
        List<DatasetRecord> records = batch.records();
        int i = batch.firstIndexOf(id);
        while (taken.get(i) && i + 1 < records.size() && records.get(i + 1).getRecordId().equals(id)) {
            i++;
        }
        return i;
    }

    private static Map<String, Long> dropped(CleanResult result) {
        Map<String, Long> dropped = new TreeMap<>();
        result.report().droppedByReason().forEach((reason, n) -> {
            if (n > 0) {
                dropped.put(reasonName(reason), n);
            }
        });
        return dropped;
    }

    private static String reasonName(DropReason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> sealConfig(BalanceOutcome balance) {
        Map<String, String> config = new TreeMap<>();
        if (!balance.classWeights().isEmpty()) {
            config.put(CLASS_WEIGHTS, join(balance.classWeights()));
        }
        if (!balance.oversamplePlan().isEmpty()) {
            config.put(OVERSAMPLE_PLAN, join(balance.oversamplePlan()));
        }
        return config;
    }

    private static String join(Map<String, ?> map) {
        return new TreeMap<>(map).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
