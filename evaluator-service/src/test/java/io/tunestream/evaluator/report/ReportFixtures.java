package io.tunestream.evaluator.report;

import io.tunestream.evaluator.domain.AbComparison;
import io.tunestream.evaluator.domain.BlessingGate;
import io.tunestream.evaluator.domain.BlessingPolicy;
import io.tunestream.evaluator.domain.ClassificationMetrics;
import io.tunestream.evaluator.domain.PositiveClassScores;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;

/** A realistic report: a spam classifier challenging a champion, with its training curve. */
final class ReportFixtures {

    static final String HOSTILE = "<script>alert('x')</script> & \"quotes\"";

    private ReportFixtures() {
    }

    /**
     * @return {@code directory/spam-minilm-lora-3.html}: the spam report as {@link HtmlReport} renders it, with two
     *     small random PNGs for plots (drawing the six real charts takes seconds; what is embedded does not matter here)
     */
    static Path writtenSpamReport(Path directory) throws IOException {
        EvaluationReport report = spamReport();
        List<ReportPlot> plots = List.of(new ReportPlot("a.png", "first", randomPng(1)),
                new ReportPlot("b.png", "second", randomPng(2)));
        return Files.writeString(Files.createDirectories(directory).resolve(HtmlReport.fileName(report)),
                HtmlReport.render(report, plots));
    }

    /** @return the spam report as {@link HtmlReport} renders it without plots */
    static Path writtenSpamReportWithoutPlots(Path directory) throws IOException {
        EvaluationReport report = spamReport();
        return Files.writeString(Files.createDirectories(directory).resolve(HtmlReport.fileName(report)),
                HtmlReport.render(report, List.of()));
    }

    private static byte[] randomPng(long seed) throws IOException {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    static EvaluationReport spamReport() {
        Random random = new Random(11);
        List<String> truth = new ArrayList<>();
        List<String> champion = new ArrayList<>();
        List<String> challenger = new ArrayList<>();
        double[] spamScores = new double[1_200];
        for (int i = 0; i < 1_200; i++) {
            String label = random.nextDouble() < 0.31 ? "spam" : "ham";
            truth.add(label);
            champion.add(random.nextDouble() < 0.90 ? label : other(label));
            boolean right = random.nextDouble() < 0.96;
            challenger.add(right ? label : other(label));
            double towardsSpam = label.equals("spam") == right ? 0.8 : 0.2;
            spamScores[i] = Math.min(1, Math.max(0, towardsSpam + random.nextGaussian() * 0.15));
        }
        ClassificationMetrics metrics = ClassificationMetrics.of(truth, challenger,
                new PositiveClassScores("spam", spamScores));
        AbComparison ab = AbComparison.run(truth, champion, challenger);
        return new EvaluationReport("spam-minilm-lora", "3", Instant.parse("2026-11-29T01:00:00Z"), lineage(),
                Optional.of(metrics), Optional.empty(), Optional.empty(), Optional.of(ab),
                new BlessingGate(BlessingPolicy.defaults()).decide(metrics, Optional.of(ab)), curve(random),
                List.of(io.tunestream.evaluator.domain.ScoreCurves.of("spam", isSpam(truth), spamScores)));
    }

    private static boolean[] isSpam(List<String> truth) {
        boolean[] spam = new boolean[truth.size()];
        for (int i = 0; i < spam.length; i++) {
            spam[i] = truth.get(i).equals("spam");
        }
        return spam;
    }

    static Lineage lineage() {
        Map<String, String> method = new LinkedHashMap<>();
        method.put("rank", "8");
        method.put("alpha", "16");
        method.put("dropout", "0.1");
        method.put("target_modules", "query,value");
        method.put("note", HOSTILE);
        Map<String, String> hyper = new LinkedHashMap<>();
        hyper.put("learning_rate", "2e-4");
        hyper.put("batch_size", "16");
        hyper.put("epochs", "3");
        hyper.put("warmup_steps", "30");
        hyper.put("schedule", "cosine");
        return new Lineage("spamassassin", "1", "job-7f3a", "all-MiniLM-L6-v2", "lora", method, hyper, 42L);
    }

    /** 300 steps: warm-up then cosine LR, a noisy falling loss, validation every 25 steps. */
    static List<TrainingPoint> curve(Random random) {
        List<TrainingPoint> points = new ArrayList<>();
        for (int step = 1; step <= 300; step++) {
            double lr = step <= 30 ? 2e-4 * step / 30 : 1e-4 * (1 + Math.cos(Math.PI * (step - 30) / 270.0));
            double loss = 0.15 + 0.55 * Math.exp(-step / 60.0) + random.nextGaussian() * 0.03;
            double val = step % 25 == 0 ? 0.19 + 0.5 * Math.exp(-step / 70.0) : Double.NaN;
            points.add(new TrainingPoint(step, step / 100.0, loss, val, lr));
        }
        return points;
    }

    private static String other(String label) {
        return label.equals("spam") ? "ham" : "spam";
    }
}
