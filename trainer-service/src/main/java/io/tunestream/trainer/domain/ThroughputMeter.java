package io.tunestream.trainer.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Sums steps between two metric points: mean loss, samples/s, tokens/s (real tokens read: prompt, completion and
 * special tokens, never padding, for every task); and reads the process RSS.
 */
final class ThroughputMeter {

    private double lossSum;
    private int steps;
    private long samples;
    private long tokens;
    private long startNanos = System.nanoTime();

    void add(StepRunner.StepResult r) {
        lossSum += r.loss();
        steps++;
        samples += r.samples();
        tokens += r.tokens();
    }

    boolean isEmpty() {
        return steps == 0;
    }

    /**
     * @param extra the task's metrics of the mean loss (e.g. training perplexity)
     * @return the training point of the steps since the last one
     */
    MetricPoint trainPoint(long step, double epoch, double lr, double gradNorm,
            Function<Double, Map<String, Double>> extra) {
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        double meanLoss = lossSum / steps;
        MetricPoint p = new MetricPoint(step, epoch, false, meanLoss, null, extra.apply(meanLoss), lr,
                Double.isFinite(gradNorm) ? gradNorm : null, samples / seconds, tokens / seconds, residentBytes());
        lossSum = 0;
        steps = 0;
        samples = 0;
        tokens = 0;
        startNanos = System.nanoTime();
        return p;
    }

    /** Excludes the evaluation time from the next throughput figure. */
    void restartClock() {
        startNanos = System.nanoTime();
    }

    static long residentBytes() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(statm[1]) * 4096L;
        } catch (IOException | RuntimeException e) {
            Runtime rt = Runtime.getRuntime();
            return rt.totalMemory() - rt.freeMemory();
        }
    }
}
