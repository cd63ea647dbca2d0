package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random cases computed here and by scikit-learn / scipy (Debian's python3-sklearn, run as a
 * subprocess of /usr/bin/python3) must agree to 1e-12. Skipped, saying why, where they are absent.
 */
@Timeout(120)
class SklearnCrossCheckTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Offset<Double> TOLERANCE = within(1e-12);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Map<String, Object>> classificationCases;
    private static List<Map<String, Object>> regressionCases;
    private static JsonNode expected;

    @BeforeAll
    @Timeout(120)
    static void computeReferenceValues() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "skipped: /usr/bin/python3 not found "
                + "(apt-get install -y python3-sklearn to run this cross-check)");
        classificationCases = classificationCases(new Random(20261129L), 60);
        regressionCases = regressionCases(new Random(7L), 40);
        List<Map<String, Object>> all = new ArrayList<>(classificationCases);
        all.addAll(regressionCases);
        expected = sklearn(all);
    }

    @Test
    void shouldAgreeWithSklearnWhenClassificationCasesAreRandom() {
        // Given 60 random cases: 2-5 classes, 5-300 samples, skewed predictions (some classes never
        // predicted or never true), binary ones with tied scores, multi-class ones with every class true with
        // class probabilities for the one-vs-rest ROC-AUC
        // When each is computed here and by scikit-learn
        // Then
        for (int i = 0; i < classificationCases.size(); i++) {
            assertClassificationMatches(classificationCases.get(i), expected.get(i));
        }
    }

    @Test
    void shouldAgreeWithScipyWhenRegressionCasesAreRandom() {
        // Given 40 random cases with many ties (values rounded to one decimal)
        // When each is computed here and by scipy / scikit-learn
        // Then
        for (int i = 0; i < regressionCases.size(); i++) {
            Map<String, Object> c = regressionCases.get(i);
            RegressionMetrics m = RegressionMetrics.of((double[]) c.get("x"), (double[]) c.get("y"));
            JsonNode e = expected.get(classificationCases.size() + i);
            assertThat(m.spearman()).as("spearman case %d", i).isCloseTo(e.get("spearman").asDouble(), TOLERANCE);
            assertThat(m.pearson()).as("pearson case %d", i).isCloseTo(e.get("pearson").asDouble(), TOLERANCE);
            assertThat(m.mse()).as("mse case %d", i).isCloseTo(e.get("mse").asDouble(), TOLERANCE);
            assertThat(m.mae()).as("mae case %d", i).isCloseTo(e.get("mae").asDouble(), TOLERANCE);
            assertThat(m.rmse()).as("rmse case %d", i).isCloseTo(e.get("rmse").asDouble(), TOLERANCE);
        }
    }

    private static List<Map<String, Object>> regressionCases(Random random, int count) {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = 3 + random.nextInt(200);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int j = 0; j < n; j++) {
                x[j] = Math.round(random.nextGaussian() * 10) / 10.0;
                y[j] = Math.round((0.7 * x[j] + random.nextGaussian()) * 10) / 10.0;
            }
            cases.add(Map.of("x", x, "y", y));
        }
        return cases;
    }

    private static List<Map<String, Object>> classificationCases(Random random, int count) {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cases.add(classificationCase(random));
        }
        return cases;
    }

    private static Map<String, Object> classificationCase(Random random) {
        int classes = 2 + random.nextInt(4);
        int n = 5 + random.nextInt(296);
        int predictedClasses = 1 + random.nextInt(classes);
        List<String> yTrue = new ArrayList<>();
        List<String> yPred = new ArrayList<>();
        double[] scores = new double[n];
        for (int j = 0; j < n; j++) {
            int t = random.nextInt(classes);
            int p = random.nextDouble() < 0.6 ? Math.min(t, predictedClasses - 1) : random.nextInt(predictedClasses);
            yTrue.add("class-" + t);
            yPred.add("class-" + p);
            scores[j] = Math.round((t == classes - 1 ? 0.6 : 0.4) * 10 + random.nextGaussian() * 3) / 10.0;
        }
        Map<String, Object> c = new HashMap<>();
        c.put("yTrue", yTrue);
        c.put("yPred", yPred);
        if (classes >= 3 && yTrue.stream().distinct().count() == classes) {
            c.put("probabilities", probabilities(random, yTrue, classes));
        }
        if (classes == 2 && predictedClasses == 2) {
            c.put("scores", scores);
            c.put("positiveLabel", "class-1");
        }
        return c;
    }

    /** Softmax of random logits leaning to the true class (rows sum to 1, as scikit-learn checks). */
    private static double[][] probabilities(Random random, List<String> yTrue, int classes) {
        double[][] out = new double[yTrue.size()][classes];
        for (int j = 0; j < out.length; j++) {
            int t = Integer.parseInt(yTrue.get(j).substring("class-".length()));
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                out[j][k] = Math.exp((k == t ? 0.8 : 0) + random.nextGaussian());
                sum += out[j][k];
            }
            for (int k = 0; k < classes; k++) {
                out[j][k] /= sum;
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void assertClassificationMatches(Map<String, Object> c, JsonNode e) {
        List<String> yTrue = (List<String>) c.get("yTrue");
        List<String> yPred = (List<String>) c.get("yPred");
        ClassificationMetrics warn = ClassificationMetrics.of(yTrue, yPred);
        assertThat(warn.labels()).containsExactlyElementsOf(JSON.convertValue(e.get("labels"), List.class));
        assertThat(warn.accuracy()).isCloseTo(e.get("accuracy").asDouble(), TOLERANCE);
        assertThat(warn.confusionMatrix().toArray()).isEqualTo(JSON.convertValue(e.get("confusion"), long[][].class));
        assertScoresMatch(warn, e.get("zd_warn"));
        assertScoresMatch(ClassificationMetrics.of(yTrue, yPred, LabelIndex.observed(yTrue, yPred), ZeroDivision.ONE),
                e.get("zd_1"));
        if (c.containsKey("probabilities")) {
            assertOvrAucMatches(c, e);
        }
        if (c.containsKey("scores")) {
            ClassificationMetrics withAuc = ClassificationMetrics.of(yTrue, yPred,
                    new PositiveClassScores("class-1", (double[]) c.get("scores")));
            if (e.get("rocAuc").isNull()) {
                assertThat(withAuc.rocAuc()).isEmpty();
            } else {
                assertThat(withAuc.rocAuc()).hasValueCloseTo(e.get("rocAuc").asDouble(), TOLERANCE);
            }
        }
    }

    private static void assertOvrAucMatches(Map<String, Object> c, JsonNode e) {
        @SuppressWarnings("unchecked")
        List<String> yTrue = (List<String>) c.get("yTrue");
        int[] codes = yTrue.stream().mapToInt(t -> Integer.parseInt(t.substring("class-".length()))).toArray();
        assertThat(RocAuc.oneVsRestMacro(codes, (double[][]) c.get("probabilities")))
                .hasValueCloseTo(e.get("ovrMacroAuc").asDouble(), TOLERANCE);
    }

    private static void assertScoresMatch(ClassificationMetrics m, JsonNode e) {
        JsonNode perClass = e.get("perClass");
        for (int k = 0; k < m.perClass().size(); k++) {
            ClassScores s = m.perClass().get(k);
            assertThat(s.precision()).as("precision %s", s.label()).isCloseTo(perClass.get(0).get(k).asDouble(), TOLERANCE);
            assertThat(s.recall()).as("recall %s", s.label()).isCloseTo(perClass.get(1).get(k).asDouble(), TOLERANCE);
            assertThat(s.f1()).as("f1 %s", s.label()).isCloseTo(perClass.get(2).get(k).asDouble(), TOLERANCE);
            assertThat(s.support()).as("support %s", s.label()).isEqualTo(perClass.get(3).get(k).asLong());
        }
        assertAveragesMatch("macro", m.macro(), e.get("macro"));
        assertAveragesMatch("weighted", m.weighted(), e.get("weighted"));
        assertAveragesMatch("micro", m.micro(), e.get("micro"));
    }

    private static void assertAveragesMatch(String name, AveragedScores actual, JsonNode e) {
        assertThat(actual.precision()).as(name + " precision").isCloseTo(e.get(0).asDouble(), TOLERANCE);
        assertThat(actual.recall()).as(name + " recall").isCloseTo(e.get(1).asDouble(), TOLERANCE);
        assertThat(actual.f1()).as(name + " f1").isCloseTo(e.get(2).asDouble(), TOLERANCE);
    }

    private static JsonNode sklearn(List<Map<String, Object>> cases) throws IOException, InterruptedException {
        Path script = Files.createTempFile("sklearn_reference", ".py");
        try (InputStream in = SklearnCrossCheckTest.class.getResourceAsStream("/sklearn_reference.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process python = new ProcessBuilder(PYTHON.toString(), script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        python.getOutputStream().write(JSON.writeValueAsBytes(cases));
        python.getOutputStream().close();
        byte[] output = python.getInputStream().readAllBytes();
        assertThat(python.waitFor(90, TimeUnit.SECONDS)).as("python finished").isTrue();
        Assumptions.assumeTrue(python.exitValue() != 3, "skipped: scikit-learn/scipy not importable by "
                + "/usr/bin/python3 (apt-get install -y python3-sklearn to run this cross-check)");
        assertThat(python.exitValue()).as("python exit status").isZero();
        Files.deleteIfExists(script);
        return JSON.readTree(new String(output, StandardCharsets.UTF_8));
    }
}
