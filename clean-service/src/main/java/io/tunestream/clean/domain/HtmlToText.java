package io.tunestream.clean.domain;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML to plain text with jsoup: entities decoded, scripts and styles dropped, block elements
 * ({@code p}, {@code div}, {@code br}, {@code li}, headings, table rows) become line breaks.
 * Text that does not look like HTML is returned unchanged, without parsing. Thread-safe.
 */
public final class HtmlToText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5",
            "h6", "blockquote", "pre", "table", "ul", "ol", "hr", "title");
    private static final Set<String> TAGS = Set.of("html", "head", "body", "title", "meta", "style", "script",
            "p", "div", "span", "br", "hr", "a", "b", "i", "u", "em", "strong", "font", "center", "img", "table",
            "tbody", "thead", "tr", "td", "th", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
            "pre", "form", "input", "small", "big", "sup", "sub", "map", "area", "o", "xml", "link", "base");
    private static final Pattern ENTITY = Pattern.compile("&(#\\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Set<String> SKIPPED = Set.of("script", "style", "head", "noscript", "template");

    /** The text content of {@code html}; {@code null} stays {@code null}. */
    public String convert(String html) {
        if (html == null || !looksLikeHtml(html)) {
            return html;
        }
        Element body = Jsoup.parse(html);
        StringBuilder out = new StringBuilder(html.length());
        NodeTraversor.traverse(new TextCollector(out), body);
        return out.toString().strip();
    }

    /**
     * A known HTML tag ({@code <p}, {@code </div}, {@code <br/}, {@code <!DOCTYPE}, {@code <!--}) or an
     * entity ({@code &amp;}, {@code &#39;}). Mail bodies are full of {@code <http://...>} and
     * {@code <user@host>}, which are not HTML and must not be parsed as tags.
     */
    static boolean looksLikeHtml(String s) {
        for (int i = s.indexOf('<'); i >= 0 && i + 1 < s.length(); i = s.indexOf('<', i + 1)) {
            int j = i + 1;
            if (s.charAt(j) == '!') {
                return true;
            }
            if (s.charAt(j) == '/') {
                j++;
            }
            int end = j;
            while (end < s.length() && end - j < 12 && Character.isLetterOrDigit(s.charAt(end))) {
                end++;
            }
            boolean closed = end < s.length() && (s.charAt(end) == '>' || s.charAt(end) == ' '
                    || s.charAt(end) == '/' || Character.isWhitespace(s.charAt(end)));
            if (end > j && closed && TAGS.contains(s.substring(j, end).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return ENTITY.matcher(s).find();
    }

    /** Appends text nodes, and a newline around block elements, skipping script-like subtrees. */
    private static final class TextCollector implements NodeVisitor {
        private final StringBuilder out;
        private int skipDepth;

        TextCollector(StringBuilder out) {
            this.out = out;
        }

        @Override
        public void head(Node node, int depth) {
            if (node instanceof Element e) {
                if (skipDepth > 0 || SKIPPED.contains(e.normalName())) {
                    skipDepth++;
                } else if (BLOCKS.contains(e.normalName())) {
                    out.append('\n');
                }
            } else if (skipDepth == 0 && node instanceof TextNode t) {
                out.append(t.getWholeText());
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element e) {
                if (skipDepth > 0) {
                    skipDepth--;
                } else if (BLOCKS.contains(e.normalName())) {
                    out.append('\n');
                }
            }
        }
    }
}
