package io.tunestream.split.streams;

import io.tunestream.events.DatasetRecord;
import io.tunestream.split.domain.Split;
import io.tunestream.split.domain.SplitConfig;
import io.tunestream.split.domain.SplitRejection;
import io.tunestream.split.domain.SplitResult;
import io.tunestream.split.domain.StratifiedSplitter;
import io.tunestream.split.domain.TextRecord;
import io.tunestream.stage.DatasetBatch;
import io.tunestream.stage.DatasetStage;
import io.tunestream.stage.StageResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The split stage: assigns every record of a sealed version to train, validation or test with the stratified,
 * group-aware {@link StratifiedSplitter}; a version that cannot be split as asked is rejected with the reason.
 */
public final class SplitStage implements DatasetStage {

    private final Map<String, String> defaults;

    /** A stage with the service defaults (seal-config keys, see {@link SplitSettings}). */
    public SplitStage(Map<String, String> defaults) {
        this.defaults = Map.copyOf(defaults);
    }

    @Override
    public String name() {
        return "split";
    }

    @Override
    public StageResult apply(DatasetBatch batch) {
        SplitConfig config;
        SplitResult result;
        try {
            config = SplitSettings.resolve(batch.config(), defaults);
            result = new StratifiedSplitter(config).split(toDomain(batch.records()));
        } catch (IllegalArgumentException e) {
            return StageResult.rejected("invalid split settings: " + e.getMessage(), batch.config());
        } catch (SplitRejection e) {
            return StageResult.rejected("cannot split as asked (" + e.reason() + "): " + e.getMessage(), batch.config());
        }
        Map<String, DatasetRecord> originals = new HashMap<>(batch.records().size() * 2);
        batch.records().forEach(r -> originals.put(r.getRecordId(), r));
        List<DatasetRecord> out = new ArrayList<>(batch.records().size());
        for (Split split : Split.values()) {
            for (TextRecord t : result.get(split)) {
                DatasetRecord r = originals.get(t.id());
                List<String> ops = new ArrayList<>(r.getOperations());
                ops.add("split:" + split.name().toLowerCase(java.util.Locale.ROOT));
                out.add(DatasetRecord.newBuilder(r).setSplit(io.tunestream.events.Split.valueOf(split.name()))
                        .setOperations(ops).build());
            }
        }
        Map<String, String> applied = SplitSettings.describe(config);
        return StageResult.completed(out, Map.of(), 0, applied, applied);
    }

    private static List<TextRecord> toDomain(List<DatasetRecord> records) {
        List<TextRecord> list = new ArrayList<>(records.size());
        for (DatasetRecord r : records) {
            list.add(new TextRecord(r.getRecordId(), r.getText(), r.getLabel(), r.getScore(), r.getGroup(), r.getOperations()));
        }
        return list;
    }
}
