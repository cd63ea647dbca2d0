package io.tunestream.evaluator.report;

import io.tunestream.evaluator.domain.ClassificationMetrics;
import java.util.ArrayList;
import java.util.List;

/** Renders the plots a report has data for, in the order the report shows them. */
public final class ReportPlots {

    private ReportPlots() {
    }

    /**
     * Loss curves and LR schedule when there is a training curve (and perplexity curves for a causal LM); heat map
     * and F1 bars for classifiers.
     */
    public static List<ReportPlot> render(EvaluationReport report) {
        List<ReportPlot> plots = new ArrayList<>();
        if (report.classification().isPresent()) {
            ClassificationMetrics metrics = report.classification().get();
            plots.add(new ReportPlot("confusion-matrix.png", "Confusion matrix (rows: true label, columns: predicted)",
                    PlotRenderer.png(EvaluationCharts.confusionMatrix(metrics.confusionMatrix()))));
            plots.add(new ReportPlot("per-class-f1.png", "F1 per class",
                    PlotRenderer.png(EvaluationCharts.perClassF1(metrics.perClass()))));
        }
        report.regression().ifPresent(r -> plots.add(new ReportPlot("predicted-vs-true.png",
                "Predicted against true value, one point per test example",
                PlotRenderer.png(EvaluationCharts.predictedVsTrue(r.truth(), r.predicted())))));
        if (!report.scoreCurves().isEmpty()) {
            plots.add(new ReportPlot("roc.png", report.scoreCurves().size() == 1 ? "ROC curve of "
                    + report.scoreCurves().get(0).label() : "ROC curves, each class against the rest",
                    PlotRenderer.png(EvaluationCharts.roc(report.scoreCurves()))));
            plots.add(new ReportPlot("precision-recall.png", report.scoreCurves().size() == 1
                    ? "Precision-recall curve of " + report.scoreCurves().get(0).label()
                    : "Precision-recall curves, each class against the rest",
                    PlotRenderer.png(EvaluationCharts.precisionRecall(report.scoreCurves()))));
        }
        boolean hasLoss = report.trainingCurve().stream().anyMatch(p -> Double.isFinite(p.loss()));
        boolean hasLr = report.trainingCurve().stream().anyMatch(p -> Double.isFinite(p.learningRate()));
        if (hasLoss) {
            plots.add(new ReportPlot("loss.png", "Training and validation loss",
                    PlotRenderer.png(EvaluationCharts.lossCurves(report.trainingCurve()))));
        }
        if (hasLoss && report.languageModel().isPresent()) {
            plots.add(new ReportPlot("perplexity.png", "Training and validation perplexity",
                    PlotRenderer.png(EvaluationCharts.perplexityCurves(report.trainingCurve()))));
        }
        if (hasLr) {
            plots.add(new ReportPlot("learning-rate.png", "Learning-rate schedule",
                    PlotRenderer.png(EvaluationCharts.learningRate(report.trainingCurve()))));
        }
        return plots;
    }
}
