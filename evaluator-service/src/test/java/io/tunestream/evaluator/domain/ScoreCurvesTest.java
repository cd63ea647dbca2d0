package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunestream.evaluator.domain.ScoreCurves.ClassCurves;
import io.tunestream.evaluator.domain.ScoreCurves.Point;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ROC and precision-recall curves: a worked example, and random cases point for point against scikit-learn. */
class ScoreCurvesTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void shouldGiveScikitLearnsDocumentedCurvesWhenScoresAreItsExample() {
        // Given scikit-learn's roc_curve / precision_recall_curve example: y = [0, 0, 1, 1], scores [.1, .4, .35, .8]
        boolean[] positive = {false, false, true, true};
        double[] scores = {0.1, 0.4, 0.35, 0.8};

        // When
        ClassCurves curves = ScoreCurves.of("spam", positive, scores);

        // Then
        assertThat(curves.roc()).containsExactly(new Point(0, 0), new Point(0, 0.5), new Point(0.5, 0.5),
                new Point(0.5, 1), new Point(1, 1));
        assertThat(curves.rocAuc()).isCloseTo(0.75, within(1e-15));
        assertThat(curves.precisionRecall()).containsExactly(new Point(1, 0.5), new Point(1, 2.0 / 3),
                new Point(0.5, 0.5), new Point(0.5, 1), new Point(0, 1));
        assertThat(curves.averagePrecision()).isCloseTo(0.8333333333333333, within(1e-15));
    }

    @Test
    void shouldRefuseCurvesWhenOnlyOneClassIsPresent() {
        assertThatThrownBy(() -> ScoreCurves.of("spam", new boolean[] {true, true}, new double[] {0.2, 0.9}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only one class");
    }

    @Test
    @Timeout(120)
    void shouldAgreeWithScikitLearnPointForPointWhenCasesAreRandom() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "skipped: /usr/bin/python3 not found "
                + "(apt-get install -y python3-sklearn to run this cross-check)");
        // Given 40 random cases, 4-200 samples, scores rounded to 1 or 2 decimals so that many tie
        Random random = new Random(20261206L);
        List<Map<String, Object>> cases = new ArrayList<>();
        while (cases.size() < 40) {
            int n = 4 + random.nextInt(197);
            int[] y = new int[n];
            double[] s = new double[n];
            double scale = random.nextBoolean() ? 10 : 100;
            for (int i = 0; i < n; i++) {
                y[i] = random.nextDouble() < 0.3 ? 1 : 0;
                s[i] = Math.round((random.nextDouble() + 0.4 * y[i]) * scale) / scale;
            }
            if (java.util.Arrays.stream(y).distinct().count() == 2) {
                cases.add(Map.of("y", y, "s", s));
            }
        }
        // When computed here and by scikit-learn
        JsonNode expected = sklearn(cases);
        // Then
        for (int c = 0; c < cases.size(); c++) {
            int[] y = (int[]) cases.get(c).get("y");
            boolean[] positive = new boolean[y.length];
            for (int i = 0; i < y.length; i++) {
                positive[i] = y[i] == 1;
            }
            ClassCurves curves = ScoreCurves.of("1", positive, (double[]) cases.get(c).get("s"));
            JsonNode e = expected.get(c);
            assertCurve("roc case " + c, curves.roc(), e.get("fpr"), e.get("tpr"));
            assertCurve("pr case " + c, curves.precisionRecall(), e.get("recall"), e.get("precision"));
            assertThat(curves.rocAuc()).as("auc case %d", c).isCloseTo(e.get("auc").asDouble(), within(1e-12));
            assertThat(curves.averagePrecision()).as("ap case %d", c).isCloseTo(e.get("ap").asDouble(), within(1e-12));
        }
    }

    private static void assertCurve(String what, List<Point> curve, JsonNode xs, JsonNode ys) {
        assertThat(curve).as(what + " length").hasSize(xs.size());
        for (int i = 0; i < curve.size(); i++) {
            assertThat(curve.get(i).x()).as(what + " x[" + i + "]").isCloseTo(xs.get(i).asDouble(), within(1e-12));
            assertThat(curve.get(i).y()).as(what + " y[" + i + "]").isCloseTo(ys.get(i).asDouble(), within(1e-12));
        }
    }

    private static JsonNode sklearn(List<Map<String, Object>> cases) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path input = Files.createTempFile("curves", ".json");
        Files.writeString(input, json.writeValueAsString(cases));
        String script = """
                import json, sys
                from sklearn.metrics import roc_curve, precision_recall_curve, average_precision_score, roc_auc_score
                out = []
                for c in json.load(open(sys.argv[1])):
                    fpr, tpr, _ = roc_curve(c["y"], c["s"], drop_intermediate=False)
                    p, r, _ = precision_recall_curve(c["y"], c["s"])
                    out.append({"fpr": fpr.tolist(), "tpr": tpr.tolist(), "precision": p.tolist(), "recall": r.tolist(),
                                "auc": roc_auc_score(c["y"], c["s"]), "ap": average_precision_score(c["y"], c["s"])})
                print(json.dumps(out))
                """;
        Process python = new ProcessBuilder(PYTHON.toString(), "-c", script, input.toString()).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Assumptions.assumeFalse(err.contains("No module named 'sklearn'"),
                "skipped: scikit-learn not installed (apt-get install -y python3-sklearn)");
        assertThat(python.exitValue()).as(err).isZero();
        Files.delete(input);
        return json.readTree(out);
    }
}
