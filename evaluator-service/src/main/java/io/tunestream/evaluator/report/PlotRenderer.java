package io.tunestream.evaluator.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Renders charts to PNG without a display (java.awt.headless). */
public final class PlotRenderer {

    static {
        // Charts are drawn on servers and in CI, never on a screen.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private PlotRenderer() {
    }

    /** The chart as PNG bytes. */
    public static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not render chart '" + chart.getTitle() + "'", e);
        }
    }

    /** Writes PNG bytes to a file, creating its directory. */
    public static Path write(byte[] png, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, png);
    }
}
