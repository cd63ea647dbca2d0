package io.tunestream.evaluator.report;

import io.tunestream.evaluator.domain.ClassScores;
import io.tunestream.evaluator.domain.ConfusionMatrix;
import io.tunestream.evaluator.domain.ScoreCurves;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, built with XChart: loss curves, learning-rate schedule, confusion-matrix
 * heat map with counts, per-class F1 bars. Rendering to PNG is {@link PlotRenderer}'s job.
 */
public final class EvaluationCharts {

    /** Width of every chart, in pixels. */
    public static final int WIDTH = 800;
    /** Height of the line and bar charts, in pixels. */
    public static final int HEIGHT = 420;
    private static final Color[] HEAT_COLOURS = {
        new Color(0xf7, 0xfb, 0xff), new Color(0xc6, 0xdb, 0xef), new Color(0x6b, 0xae, 0xd6), new Color(0x21, 0x71, 0xb5)};

    private EvaluationCharts() {
    }

    /** Training loss at every reported step, and validation loss where it was evaluated. */
    public static XYChart lossCurves(List<TrainingPoint> curve) {
        XYChart chart = lineChart("Training and validation loss", "loss");
        addSeries(chart, "training loss", curve, TrainingPoint::loss);
        addSeries(chart, "validation loss", curve, TrainingPoint::validationLoss)
                .ifPresent(series -> series.setMarker(SeriesMarkers.CIRCLE));
        return chart;
    }

    /**
     * Training and validation perplexity, exp of the loss at every reported step, on a logarithmic axis (early
     * perplexities of a causal LM are orders of magnitude above the final ones).
     */
    public static XYChart perplexityCurves(List<TrainingPoint> curve) {
        XYChart chart = lineChart("Training and validation perplexity", "perplexity (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        addSeries(chart, "training perplexity", curve, p -> Math.exp(p.loss()));
        addSeries(chart, "validation perplexity", curve, p -> Math.exp(p.validationLoss()))
                .ifPresent(series -> series.setMarker(SeriesMarkers.CIRCLE));
        return chart;
    }

    /**
     * The learning rate at every reported step (warm-up and decay), in units of a power of ten
     * named in the axis title: XChart picks unreadable ticks for values around 1e-4.
     */
    public static XYChart learningRate(List<TrainingPoint> curve) {
        double max = curve.stream().mapToDouble(TrainingPoint::learningRate).filter(Double::isFinite).max().orElse(1);
        int exponent = max > 0 ? (int) Math.floor(Math.log10(max)) : 0;
        double unit = Math.pow(10, exponent);
        String yTitle = exponent == 0 ? "learning rate" : "learning rate (x 1e" + exponent + ")";
        XYChart chart = lineChart("Learning-rate schedule", yTitle);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        List<TrainingPoint> scaled = curve.stream().map(p -> new TrainingPoint(p.step(), p.epoch(), p.loss(),
                p.validationLoss(), p.learningRate() / unit)).toList();
        addSeries(chart, "learning rate", scaled, TrainingPoint::learningRate);
        return chart;
    }

    /** The confusion matrix as a heat map with the count in each cell; first label at the top. */
    public static HeatMapChart confusionMatrix(ConfusionMatrix matrix) {
        int size = matrix.size();
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(Math.max(HEIGHT, 140 + 70 * size))
                .title("Confusion matrix").xAxisTitle("predicted label").yAxisTitle("true label").build();
        List<String> rowsBottomUp = new ArrayList<>(matrix.labels());
        Collections.reverse(rowsBottomUp);
        List<Number[]> cells = new ArrayList<>();
        long max = 1;
        for (int actual = 0; actual < size; actual++) {
            for (int predicted = 0; predicted < size; predicted++) {
                long count = matrix.count(actual, predicted);
                max = Math.max(max, count);
                cells.add(new Number[] {predicted, size - 1 - actual, count});
            }
        }
        chart.getStyler().setShowValue(true).setRangeColors(HEAT_COLOURS).setMin(0).setMax(max)
                .setHeatMapValueDecimalPattern("#,##0");
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.addSeries("count", matrix.labels(), rowsBottomUp, cells);
        return chart;
    }

    /** F1 of every class as bars on a 0-1 axis, each bar labelled with its value. */
    public static CategoryChart perClassF1(List<ClassScores> perClass) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("F1 per class")
                .xAxisTitle("class").yAxisTitle("F1").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true).setLabelsPosition(0.9);
        chart.getStyler().setDecimalPattern("0.000");
        chart.addSeries("F1", perClass.stream().map(ClassScores::label).toList(),
                perClass.stream().map(ClassScores::f1).toList());
        return chart;
    }

    /** ROC curves, one per class against the rest, with the chance diagonal. */
    public static XYChart roc(List<ScoreCurves.ClassCurves> curves) {
        XYChart chart = curveChart("ROC curve", "false positive rate", "true positive rate");
        XYSeries chance = chart.addSeries("chance", List.of(0.0, 1.0), List.of(0.0, 1.0));
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineColor(Color.LIGHT_GRAY);
        for (ScoreCurves.ClassCurves c : curves) {
            addCurve(chart, String.format(Locale.ROOT, "%s (AUC %.3f)", c.label(), c.rocAuc()), c.roc());
        }
        return chart;
    }

    /** Precision-recall curves, one per class against the rest. */
    public static XYChart precisionRecall(List<ScoreCurves.ClassCurves> curves) {
        XYChart chart = curveChart("Precision-recall curve", "recall", "precision");
        for (ScoreCurves.ClassCurves c : curves) {
            addCurve(chart, String.format(Locale.ROOT, "%s (AP %.3f)", c.label(), c.averagePrecision()),
                    c.precisionRecall());
        }
        return chart;
    }

    /** A regression model's predictions against the true values, with the line y = x a perfect model lies on. */
    public static XYChart predictedVsTrue(double[] truth, double[] predicted) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Predicted vs true")
                .xAxisTitle("true value").yAxisTitle("predicted value").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                .setLegendPosition(Styler.LegendPosition.InsideNW).setChartBackgroundColor(Color.WHITE).setMarkerSize(5);
        double low = Math.min(min(truth), min(predicted));
        double high = Math.max(max(truth), max(predicted));
        XYSeries identity = chart.addSeries("y = x", new double[] {low, high}, new double[] {low, high});
        identity.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        identity.setMarker(SeriesMarkers.NONE);
        identity.setLineColor(Color.LIGHT_GRAY);
        chart.addSeries("test examples", truth, predicted).setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(1);
    }

    private static XYChart curveChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE).setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setDecimalPattern("0.0");
        return chart;
    }

    private static void addCurve(XYChart chart, String name, List<ScoreCurves.Point> points) {
        XYSeries series = chart.addSeries(name, points.stream().map(ScoreCurves.Point::x).toList(),
                points.stream().map(ScoreCurves.Point::y).toList());
        series.setMarker(SeriesMarkers.NONE);
    }

    private static XYChart lineChart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("step")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE).setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    /** Adds the finite values of one field as a series; empty when there are none. */
    private static Optional<XYSeries> addSeries(XYChart chart, String name, List<TrainingPoint> curve,
            ToDoubleFunction<TrainingPoint> field) {
        List<Double> steps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (TrainingPoint point : curve) {
            double value = field.applyAsDouble(point);
            if (Double.isFinite(value)) {
                steps.add((double) point.step());
                values.add(value);
            }
        }
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        XYSeries series = chart.addSeries(name, steps, values);
        series.setMarker(SeriesMarkers.NONE);
        return Optional.of(series);
    }
}
