package io.tunestream.clean.domain;

import java.util.Set;
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

    /** A tag opener ({@code <a}, {@code </}, {@code <!}) or an entity ({@code &amp;}) somewhere in the text. */
    static boolean looksLikeHtml(String s) {
        for (int i = s.indexOf('<'); i >= 0 && i + 1 < s.length(); i = s.indexOf('<', i + 1)) {
            char c = s.charAt(i + 1);
            if (Character.isLetter(c) || c == '/' || c == '!') {
                return true;
            }
        }
        int amp = s.indexOf('&');
        return amp >= 0 && s.indexOf(';', amp) > amp && s.indexOf(';', amp) - amp <= 10;
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
