package io.tunestream.split.streams;

import io.tunestream.events.DatasetRecord;
import io.tunestream.events.Task;
import io.tunestream.split.domain.LengthBucketSplitter;
import io.tunestream.split.domain.ScoreQuantileSplitter;
import io.tunestream.split.domain.Split;
import io.tunestream.split.domain.SplitConfig;
import io.tunestream.split.domain.SplitRejection;
import io.tunestream.split.domain.SplitResult;
import io.tunestream.split.domain.StratifiedSplitter;
import io.tunestream.split.domain.TextRecord;
import io.tunestream.stage.DatasetBatch;
import io.tunestream.stage.DatasetStage;
import io.tunestream.stage.RecordLineage;
import io.tunestream.stage.StageResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The split stage: assigns every record of a sealed version to train, validation or test with the stratified,
 * group-aware {@link StratifiedSplitter}, by label, for causal-LM data (seal {@code task=causal_lm}) by length
 * bucket ({@link LengthBucketSplitter}), for regression data ({@code task=regression}) by score quantile
 * ({@link ScoreQuantileSplitter}); a version that cannot be split as asked is rejected with the reason.
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
        Map<String, String> applied;
        try {
            config = SplitSettings.resolve(batch.config(), defaults);
            applied = new TreeMap<>(SplitSettings.describe(config));
            if (batch.task() == Task.CAUSAL_LM) {
                var outcome = new LengthBucketSplitter(config, SplitSettings.lengthBuckets(batch.config(), defaults))
                        .split(toDomain(batch.records(), true));
                result = outcome.result();
                applied.put(SplitSettings.STRATIFY, "length-bucket");
                applied.put(SplitSettings.LENGTH_BUCKETS, Integer.toString(outcome.buckets()));
            } else if (batch.task() == Task.REGRESSION) {
                var outcome = new ScoreQuantileSplitter(config, SplitSettings.scoreQuantiles(batch.config(), defaults))
                        .split(toDomain(batch.records(), false));
                result = outcome.result();
                applied.put(SplitSettings.STRATIFY, "score-quantile");
                applied.put(SplitSettings.SCORE_QUANTILES, Integer.toString(outcome.quantiles()));
            } else {
                result = new StratifiedSplitter(config).split(toDomain(batch.records(), false));
                applied.put(SplitSettings.STRATIFY, "label");
            }
        } catch (IllegalArgumentException e) {
            return StageResult.rejected("invalid split settings: " + e.getMessage(), batch.config());
        } catch (SplitRejection e) {
            return StageResult.rejected("cannot split as asked (" + e.reason() + "): " + e.getMessage(), batch.config());
        }
        // changed in place, as the batch allows, in the batch's (id) order: one sequential pass over the version,
        // and the next stage receives it already ordered
        List<List<String>> operations = new ArrayList<>();
        io.tunestream.events.Split[] splits = new io.tunestream.events.Split[Split.values().length];
        for (Split split : Split.values()) {
            operations.add(List.of("split:" + split.name().toLowerCase(Locale.ROOT)));
            splits[split.ordinal()] = io.tunestream.events.Split.valueOf(split.name());
        }
        List<DatasetRecord> out = batch.records();
        for (int i = 0; i < out.size(); i++) {
            DatasetRecord r = out.get(i);
            Split split = result.splitOf(i);
            r.setSplit(splits[split.ordinal()]);
            r.setOperations(RecordLineage.append(r.getOperations(), operations.get(split.ordinal())));
        }
        return StageResult.completed(out, Map.of(), 0, applied, applied);
    }

    /**
     * The domain records; for causal-LM data the domain text is what the length bucket measures: the completion of
     * a prompt/completion record, else the text.
     */
    private static List<TextRecord> toDomain(List<DatasetRecord> records, boolean causalLm) {
        List<TextRecord> list = new ArrayList<>(records.size());
        for (DatasetRecord r : records) {
            String text = causalLm && r.getCompletion() != null ? r.getCompletion() : r.getText();
            list.add(new TextRecord(r.getRecordId(), text, r.getLabel(), r.getScore(), r.getGroup()));
        }
        return list;
    }
}
