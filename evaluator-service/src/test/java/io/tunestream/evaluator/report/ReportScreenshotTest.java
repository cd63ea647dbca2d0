package io.tunestream.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Opens a written report in headless Chromium (Debian's {@code chromium}) and checks the
 * screenshot shows the rendered plots. Skipped, saying why, only where no Chromium is installed.
 * The screenshot is kept in {@code target/report-screenshot/} for a person to look at.
 */
@Timeout(240)
public class ReportScreenshotTest {

    /** The heat map's darkest cell colour. */
    public static final int HEAT_MAP_DARKEST = 0x2171b5;

    @Test
    void shouldRenderReportWithItsImagesWhenOpenedInHeadlessChromium() throws Exception {
        // Given a written report and a Chromium
        Optional<Path> chromium = findChromium();
        Assumptions.assumeTrue(chromium.isPresent(),
                "skipped: no chromium on PATH or $CHROMIUM (apt-get install -y chromium to run this test)");
        Path out = Path.of("target", "report-screenshot").toAbsolutePath();
        ReportFiles files = HtmlReport.write(ReportFixtures.spamReport(), out);
        Path screenshot = out.resolve("screenshot.png");
        Files.deleteIfExists(screenshot);

        // When
        int exit = screenshot(chromium.get(), files.html(), screenshot, Files.createTempDirectory("chromium-profile"));

        // Then a real render: a full-size image, many colours, and the heat map's cells on screen
        assertThat(exit).as("chromium exit status").isZero();
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(2000);
        assertThat(EvaluationChartsTest.distinctColours(image)).isGreaterThan(500);
        assertThat(near(image, HEAT_MAP_DARKEST, 6)).as("pixels of the heat map's darkest cell").isGreaterThan(5_000);
    }

    /** Takes a 1280x2000 screenshot of an HTML file; @return chromium's exit status. */
    public static int screenshot(Path chromium, Path html, Path png, Path profile) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=1280,2000",
                html.toUri().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 180 s; log: " + profile.resolve("chromium.log"));
        }
        return process.exitValue();
    }

    /** @return Chromium from $CHROMIUM or PATH */
    public static Optional<Path> findChromium() {
        Stream<String> fromEnv = Optional.ofNullable(System.getenv("CHROMIUM")).stream();
        Stream<String> fromPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(dir -> Stream.of("chromium", "chromium-browser", "google-chrome")
                        .map(name -> Path.of(dir, name).toString()));
        return Stream.concat(fromEnv, fromPath).map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** @return pixels within {@code tolerance} of {@code rgb} per channel */
    public static long near(BufferedImage image, int rgb, int tolerance) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                boolean close = Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= tolerance
                        && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= tolerance
                        && Math.abs((p & 0xff) - (rgb & 0xff)) <= tolerance;
                n += close ? 1 : 0;
            }
        }
        return n;
    }
}
