package io.tunestream.evaluator.report;

import io.tunestream.evaluator.domain.AbComparison;
import io.tunestream.evaluator.domain.BlessingDecision;
import io.tunestream.evaluator.domain.ClassificationMetrics;
import io.tunestream.evaluator.domain.ScoreCurves;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one model version's report shows. The metrics present depend on the task
 * (classification, regression or causal LM); the comparison is empty for a first model.
 *
 * @param modelName the registered model name
 * @param modelVersion the checkpoint evaluated (the registry numbers the version afterwards; {@link ReportTitle})
 * @param evaluatedAt when the evaluation ran
 * @param lineage the data, job and settings the version comes from
 * @param classification classification metrics, for classifiers
 * @param regression regression metrics, predictions and A/B, for score models
 * @param languageModel perplexity, token accuracy, A/B on per-example loss and sample generations, for causal LMs
 * @param comparison A/B of a classifier against the champion, when there is one
 * @param blessing the blessing decision and its reasons
 * @param trainingCurve the training run's metrics stream, in step order (may be empty)
 * @param scoreCurves ROC and precision-recall curves of a classifier: the positive class of a binary one, every
 *        class against the rest of a multi-class one (empty for other tasks)
 */
public record EvaluationReport(
        String modelName,
        String modelVersion,
        Instant evaluatedAt,
        Lineage lineage,
        Optional<ClassificationMetrics> classification,
        Optional<RegressionResults> regression,
        Optional<LanguageModelResults> languageModel,
        Optional<AbComparison> comparison,
        BlessingDecision blessing,
        List<TrainingPoint> trainingCurve,
        List<ScoreCurves.ClassCurves> scoreCurves) {

    /** Validates the required fields and copies the curve. */
    public EvaluationReport {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(blessing, "blessing");
        trainingCurve = List.copyOf(trainingCurve);
        scoreCurves = List.copyOf(scoreCurves);
    }

    /** A report without ROC or precision-recall curves. */
    public EvaluationReport(String modelName, String modelVersion, Instant evaluatedAt, Lineage lineage,
                            Optional<ClassificationMetrics> classification, Optional<RegressionResults> regression,
                            Optional<LanguageModelResults> languageModel, Optional<AbComparison> comparison,
                            BlessingDecision blessing, List<TrainingPoint> trainingCurve) {
        this(modelName, modelVersion, evaluatedAt, lineage, classification, regression, languageModel, comparison,
                blessing, trainingCurve, List.of());
    }
}
