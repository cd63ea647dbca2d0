package io.tunestream.evaluator.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;

/**
 * The title of a report: the registered model name and version once the registry has numbered the version, the
 * model name and the checkpoint until then (the evaluator writes the report before the registry reads its
 * evaluation, so the first title cannot carry the version).
 */
public final class ReportTitle {

    private static final String PAGE_PREFIX = "Evaluation of ";

    private ReportTitle() {
    }

    /** @return the title of a report whose version is not registered yet */
    public static String unregistered(String modelName, String checkpointId) {
        return modelName + " · checkpoint " + checkpointId + " (version not registered yet)";
    }

    /** @return the title of a registered version's report */
    public static String registered(String modelName, int version) {
        return modelName + " v" + version;
    }

    /** @return the page's {@code <title>} for a report titled {@code title} */
    static String page(String title) {
        return PAGE_PREFIX + title;
    }

    /**
     * Puts {@code title} into a written report's page title and heading (the badge beside the heading stays).
     *
     * @return whether the file changed (false when it already had the title)
     * @throws IOException when the file cannot be read or replaced
     * @throws IllegalArgumentException when the file is not a report of {@link HtmlReport}
     */
    public static boolean retitle(Path html, String title) throws IOException {
        Document doc = Jsoup.parse(Files.readString(html, StandardCharsets.UTF_8));
        Element heading = doc.selectFirst("header > h1");
        if (heading == null || heading.textNodes().isEmpty()) {
            throw new IllegalArgumentException(html + " is not a tunestream evaluation report (no header heading)");
        }
        TextNode text = heading.textNodes().get(0);
        if (text.text().equals(title) && doc.title().equals(page(title))) {
            return false;
        }
        text.text(title);
        doc.title(page(title));
        doc.outputSettings().prettyPrint(false);
        Path next = html.resolveSibling(html.getFileName() + ".retitled");
        Files.writeString(next, doc.outerHtml(), StandardCharsets.UTF_8);
        Files.move(next, html, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}
