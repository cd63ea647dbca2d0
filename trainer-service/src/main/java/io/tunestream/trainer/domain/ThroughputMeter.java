package io.tunestream.trainer.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Sums steps between two metric points: mean loss, samples/s, tokens/s; and reads the process RSS. */
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

    MetricPoint trainPoint(long step, double epoch, double lr, double gradNorm) {
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        MetricPoint p = new MetricPoint(step, epoch, false, lossSum / steps, null, Map.of(), lr,
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
