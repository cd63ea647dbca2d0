package io.tunestream.trainer.domain;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.FineTunable;
import io.tunestream.model.LmBatch;
import io.tunestream.model.LmExample;
import io.tunestream.model.TokenScores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Causal language modelling ({@link CausalLanguageModel}): the loss is the mean next-token loss over the
 * completion tokens ({@code [BOS] prompt completion [EOS]}, prompt and padding masked; a plain-text example is all
 * completion). Validation is token-weighted over the whole split: {@code val_loss} (nats per completion token),
 * {@code val_perplexity = exp(val_loss)} and {@code val_token_accuracy} (argmax hits per completion token).
 */
final class CausalLmObjective implements TrainingObjective {

    /** Metrics a causal-LM validation reports. */
    static final List<String> METRICS = List.of("val_loss", "val_perplexity", "val_token_accuracy");

    private final CausalLanguageModel model;

    CausalLmObjective(CausalLanguageModel model) {
        this.model = model;
    }

    @Override
    public FineTunable model() {
        return model;
    }

    /** @return the language model */
    CausalLanguageModel languageModel() {
        return model;
    }

    @Override
    public BatchLoss trainingLoss(List<Example> batch, NDManager manager) {
        LmBatch encoded = model.encode(lmExamples(batch), manager);
        long tokens = encoded.tokens().attentionMask().sum().toType(DataType.INT64, false).getLong();
        return new BatchLoss(model.loss(encoded, true), tokens);
    }

    @Override
    public Map<String, Double> validate(List<Example> examples, int batchSize, NDManager manager) {
        double lossSum = 0;
        long tokens = 0;
        long correct = 0;
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<Example> batch = examples.subList(from, Math.min(examples.size(), from + batchSize));
            try (NDManager sub = manager.newSubManager()) {
                TokenScores scores = model.score(model.encode(lmExamples(batch), sub));
                for (int i = 0; i < batch.size(); i++) {
                    lossSum += scores.lossSum()[i];
                    tokens += scores.tokens()[i];
                    correct += scores.correct()[i];
                }
            }
        }
        double loss = tokens == 0 ? Double.NaN : lossSum / tokens;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_loss", loss);
        metrics.put("val_perplexity", Math.exp(loss));
        metrics.put("val_token_accuracy", tokens == 0 ? Double.NaN : (double) correct / tokens);
        return metrics;
    }

    @Override
    public Map<String, Double> trainingMetrics(double meanLoss) {
        return Map.of("train_perplexity", Math.exp(meanLoss));
    }

    static List<LmExample> lmExamples(List<Example> batch) {
        return batch.stream().map(Example::lmExample).toList();
    }
}
