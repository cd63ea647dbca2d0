package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
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

/** The one-sided signed-rank test: a published worked example, edge cases, and random cases against scipy. */
class WilcoxonSignedRankTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldReproduceTheExactPValueOfDarwinsMaizeDataWhenChallengerIsLower() {
        // Given Darwin's 15 paired differences of cross- and self-fertilised maize heights (Fisher 1935), as
        // worked in scipy.stats.wilcoxon's documentation: wilcoxon(d, alternative="greater") gives W+ = 96,
        // exact p = 0.0206298828125. Here the challenger's loss is lower by d, i.e. challenger - champion = -d.
        double[] d = {6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75};
        double[] champion = new double[d.length];
        double[] challenger = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            champion[i] = 100;
            challenger[i] = 100 - d[i];
        }
        // When
        WilcoxonResult r = WilcoxonSignedRank.challengerLower(champion, challenger);
        // Then W+ of -d is 120 - 96 = 24 (ranks 10 and 14 of the two negative d), and the tail is the same
        assertThat(r.method()).isEqualTo(WilcoxonResult.Method.EXACT);
        assertThat(r.statistic()).isEqualTo(24.0);
        assertThat(r.pValue()).isCloseTo(0.0206298828125, within(1e-15));
        assertThat(r.nonZero()).isEqualTo(15);
    }

    @Test
    void shouldUseTheNormalApproximationWithTieAndContinuityCorrectionWhenThereAreTiesAndZeros() {
        // Given differences challenger - champion = -1 (x4), -2 (x3), +1 (x1), 0 (x2): ranks of |d| = 1 are
        // 1..5 -> 3 each, of |d| = 2 are 6..8 -> 7 each; W+ = 3; n = 8; tie term (5^3-5) + (3^3-3) = 144
        double[] champion = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
        double[] challenger = {4, 4, 4, 4, 3, 3, 3, 6, 5, 5};
        // When
        WilcoxonResult r = WilcoxonSignedRank.challengerLower(champion, challenger);
        // Then mean 18, variance (8*9*17 - 144/2)/24 = 48, z = (3 - 18 + 0.5)/sqrt(48)
        double z = (3 - 18 + 0.5) / Math.sqrt(48);
        assertThat(r.method()).isEqualTo(WilcoxonResult.Method.NORMAL);
        assertThat(r.statistic()).isEqualTo(3.0);
        assertThat(r.zeros()).isEqualTo(2);
        assertThat(r.nonZero()).isEqualTo(8);
        assertThat(r.z()).isCloseTo(z, within(1e-12));
        assertThat(r.pValue()).isCloseTo(0.01817927658639534, within(1e-12)); // scipy 1.10.1, same case
    }

    @Test
    void shouldGiveTheSmallestExactPValueWhenEveryExampleImproves() {
        // Given 10 examples, each with a lower challenger loss by a different amount
        double[] champion = new double[10];
        double[] challenger = new double[10];
        for (int i = 0; i < 10; i++) {
            champion[i] = 3 + i;
            challenger[i] = 3 - 0.1 * (i + 1);
        }
        // When
        WilcoxonResult r = WilcoxonSignedRank.challengerLower(champion, challenger);
        // Then only the empty set of positive ranks has W+ = 0: p = 1 / 2^10
        assertThat(r.statistic()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0 / 1024);
    }

    @Test
    void shouldNotFavourAnyoneWhenLossesAreEqualOrLengthsDiffer() {
        // Given / When / Then
        WilcoxonResult same = WilcoxonSignedRank.challengerLower(new double[] {1, 2, 3}, new double[] {1, 2, 3});
        assertThat(same.pValue()).isEqualTo(1.0);
        assertThat(same.zeros()).isEqualTo(3);
        assertThat(WilcoxonSignedRank.exactLowerTail(15, 120)).isEqualTo(1.0);
        assertThatThrownBy(() -> WilcoxonSignedRank.challengerLower(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WilcoxonSignedRank.challengerLower(new double[] {1}, new double[] {Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
    }

    @Test
    @Timeout(120)
    void shouldAgreeWithScipyWhenCasesAreRandom() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "skipped: /usr/bin/python3 not found "
                + "(apt-get install -y python3-scipy to run this cross-check)");
        // Given 80 random cases: 3-120 pairs; some with losses rounded to one decimal (ties and zeros)
        Random random = new Random(20260611L);
        List<Map<String, double[]>> cases = new ArrayList<>();
        for (int c = 0; c < 80; c++) {
            int n = 3 + random.nextInt(c < 40 ? 48 : 118);
            boolean rounded = c % 3 == 0;
            double shift = random.nextGaussian() * 0.3;
            double[] champion = new double[n];
            double[] challenger = new double[n];
            for (int i = 0; i < n; i++) {
                champion[i] = 2 + random.nextDouble() * 3;
                challenger[i] = champion[i] + shift + random.nextGaussian();
                if (rounded) {
                    champion[i] = Math.round(champion[i] * 10) / 10.0;
                    challenger[i] = Math.round(challenger[i] * 10) / 10.0;
                }
            }
            cases.add(Map.of("champion", champion, "challenger", challenger));
        }
        // When each is computed here and by scipy.stats.wilcoxon
        JsonNode expected = scipy(cases);
        // Then
        int exact = 0;
        for (int c = 0; c < cases.size(); c++) {
            WilcoxonResult r = WilcoxonSignedRank.challengerLower(cases.get(c).get("champion"),
                    cases.get(c).get("challenger"));
            JsonNode e = expected.get(c);
            assertThat(r.method().name()).as("method of case %d", c).isEqualTo(e.get("method").asText());
            assertThat(r.statistic()).as("W+ of case %d", c).isCloseTo(e.get("statistic").asDouble(), within(1e-9));
            assertThat(r.pValue()).as("p of case %d", c).isCloseTo(e.get("pValue").asDouble(), within(1e-12));
            exact += r.method() == WilcoxonResult.Method.EXACT ? 1 : 0;
        }
        assertThat(exact).as("cases with an exact p-value").isBetween(10, 70);
        System.out.printf("Wilcoxon: %d random cases agree with scipy %s to 1e-12 (%d exact)%n", cases.size(),
                expected.get(0).get("scipy").asText(), exact);
    }

    private static JsonNode scipy(List<Map<String, double[]>> cases) throws Exception {
        Path script = Files.createTempFile("wilcoxon_reference", ".py");
        try (InputStream in = WilcoxonSignedRankTest.class.getResourceAsStream("/wilcoxon_reference.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process python = new ProcessBuilder(PYTHON.toString(), script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        python.getOutputStream().write(JSON.writeValueAsBytes(cases));
        python.getOutputStream().close();
        byte[] output = python.getInputStream().readAllBytes();
        assertThat(python.waitFor(90, TimeUnit.SECONDS)).as("python finished").isTrue();
        Files.deleteIfExists(script);
        Assumptions.assumeTrue(python.exitValue() != 3, "skipped: scipy not importable by /usr/bin/python3 "
                + "(apt-get install -y python3-scipy to run this cross-check)");
        assertThat(python.exitValue()).as("python exit status").isZero();
        return JSON.readTree(new String(output, StandardCharsets.UTF_8));
    }
}
