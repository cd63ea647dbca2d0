package io.tunestream.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.evaluator.domain.ClassificationMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

public class EvaluationChartsTest {

    @Test
    void shouldPaintCellsInRangeColoursWhenRenderingConfusionHeatMap() throws Exception {
        // Given a 3-class confusion matrix with one dominant cell
        ClassificationMetrics m = ClassificationMetrics.of(
                List.of("a", "a", "a", "a", "a", "a", "b", "b", "c"),
                List.of("a", "a", "a", "a", "a", "b", "b", "c", "c"));

        // When
        BufferedImage image = decode(PlotRenderer.png(EvaluationCharts.confusionMatrix(m.confusionMatrix())));

        // Then the largest count's cell is drawn in the darkest range colour, and many colours are used
        assertThat(image.getWidth()).isEqualTo(EvaluationCharts.WIDTH);
        assertThat(count(image, 0x2171b5)).isGreaterThan(2_000);
        assertThat(distinctColours(image)).isGreaterThan(50);
    }

    @Test
    void shouldDrawBothSeriesWhenTrainingCurveHasValidationPoints() throws Exception {
        // Given
        List<TrainingPoint> curve = ReportFixtures.curve(new Random(1));

        // When
        BufferedImage loss = decode(PlotRenderer.png(EvaluationCharts.lossCurves(curve)));
        BufferedImage lr = decode(PlotRenderer.png(EvaluationCharts.learningRate(curve)));

        // Then
        assertThat(EvaluationCharts.lossCurves(curve).getSeriesMap()).containsOnlyKeys("training loss", "validation loss");
        assertThat(EvaluationCharts.lossCurves(curve).getSeriesMap().get("validation loss").getXData()).hasSize(12);
        assertThat(distinctColours(loss)).isGreaterThan(50);
        assertThat(lr.getHeight()).isEqualTo(EvaluationCharts.HEIGHT);
    }

    @Test
    void shouldLeaveOutValidationSeriesWhenNoValidationWasRun() {
        // Given a curve without validation loss
        List<TrainingPoint> curve = List.of(new TrainingPoint(1, 0, 0.7, Double.NaN, 1e-4),
                new TrainingPoint(2, 0, 0.6, Double.NaN, 1e-4));

        // When / Then
        assertThat(EvaluationCharts.lossCurves(curve).getSeriesMap()).containsOnlyKeys("training loss");
    }

    @Test
    void shouldHaveOneBarPerClassWhenPlottingF1() {
        // Given
        ClassificationMetrics m = ClassificationMetrics.of(List.of("x", "y", "z"), List.of("x", "y", "y"));

        // When
        var chart = EvaluationCharts.perClassF1(m.perClass());

        // Then
        assertThat(List.<Object>copyOf(chart.getSeriesMap().get("F1").getXData())).containsExactly("x", "y", "z");
        assertThat(List.<Object>copyOf(chart.getSeriesMap().get("F1").getYData())).containsExactly(1.0, 2.0 / 3, 0.0);
    }

    static BufferedImage decode(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    public static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }

    static long count(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}
