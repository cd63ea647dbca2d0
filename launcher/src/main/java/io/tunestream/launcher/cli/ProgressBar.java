package io.tunestream.launcher.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * A one-line progress bar for long work (uploads, training). On a terminal it redraws one line with {@code \r};
 * otherwise (a pipe, a CI log) it prints a plain line at most every few seconds, so logs stay readable.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long PLAIN_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final PrintWriter out;
    private final boolean terminal;
    private final String task;
    private final long startNanos = System.nanoTime();
    private long lastPlainNanos = startNanos - PLAIN_INTERVAL_NANOS; // the first update prints
    private String lastLine = "";

    public ProgressBar(PrintWriter out, boolean terminal, String task) {
        this.out = out;
        this.terminal = terminal;
        this.task = task;
    }

    /** Shows {@code done} of {@code total} (total 0 or less: unknown) with a free-form suffix. */
    public void update(long done, long total, String suffix) {
        String line = render(done, total, suffix);
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
            out.flush();
        } else if (System.nanoTime() - lastPlainNanos >= PLAIN_INTERVAL_NANOS) {
            out.println(line);
            out.flush();
            lastPlainNanos = System.nanoTime();
        }
        lastLine = line;
    }

    /** Ends the bar, leaving its last state and a closing note on their own line. */
    public void finish(String note) {
        if (terminal && !lastLine.isEmpty()) {
            out.println();
        }
        out.println(task + ": " + note + " (" + format(Duration.ofNanos(System.nanoTime() - startNanos)) + ")");
        out.flush();
    }

    String render(long done, long total, String suffix) {
        StringBuilder line = new StringBuilder(task).append(' ');
        if (total > 0) {
            double fraction = Math.min(1.0, Math.max(0.0, (double) done / total));
            int filled = (int) Math.round(fraction * WIDTH);
            line.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
                    .append(String.format("%3d%% %d/%d", Math.round(fraction * 100), done, total));
            eta(done, total).ifPresent(eta -> line.append(" ETA ").append(format(eta)));
        } else {
            line.append(done);
        }
        if (suffix != null && !suffix.isEmpty()) {
            line.append("  ").append(suffix);
        }
        return line.toString();
    }

    private Optional<Duration> eta(long done, long total) {
        if (done <= 0 || done >= total) {
            return Optional.empty();
        }
        long elapsed = System.nanoTime() - startNanos;
        return Optional.of(Duration.ofNanos((long) (elapsed * ((double) (total - done) / done))));
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
