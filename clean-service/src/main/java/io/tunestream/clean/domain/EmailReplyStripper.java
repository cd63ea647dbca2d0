package io.tunestream.clean.domain;

import java.util.regex.Pattern;

/**
 * Removes the parts of an e-mail body that were not written by its sender: quoted reply lines
 * ({@code > ...}), the attribution line before them ({@code On <date>, <name> wrote:}, also when
 * wrapped over two lines), and everything after a signature delimiter ({@code "-- "}, RFC 3676)
 * or an Outlook {@code -----Original Message-----} marker. Thread-safe.
 */
public final class EmailReplyStripper {

    private static final Pattern ATTRIBUTION = Pattern.compile("^\\s*On\\s.{0,200}\\bwrote:\\s*$");
    private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");
    private static final Pattern ORIGINAL_MESSAGE = Pattern.compile("^\\s*-{2,}\\s*Original Message\\s*-{2,}\\s*$",
            Pattern.CASE_INSENSITIVE);

    /** The body without quotes, attribution and signature; {@code null} stays {@code null}. */
    public String strip(String body) {
        if (body == null || body.isEmpty()) {
            return body;
        }
        String[] lines = LINE_BREAK.split(body, -1);
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (isSignatureDelimiter(line) || isOriginalMessageMarker(line)) {
                break;
            }
            if (isQuoted(line) || isAttribution(line)) {
                continue;
            }
            if (i + 1 < lines.length && startsWrappedAttribution(line, lines[i + 1])) {
                i++;
                continue;
            }
            out.append(line).append('\n');
        }
        return out.toString().strip();
    }

    private static boolean isSignatureDelimiter(String line) {
        return line.equals("-- ") || line.equals("--");
    }

    /** Cheap pre-checks first: the regexes run on few lines of a long body. */
    private static boolean isOriginalMessageMarker(String line) {
        return line.contains("--") && ORIGINAL_MESSAGE.matcher(line).matches();
    }

    private static boolean isAttribution(String line) {
        return line.contains("wrote:") && ATTRIBUTION.matcher(line).matches();
    }

    private static boolean isQuoted(String line) {
        return line.stripLeading().startsWith(">");
    }

    /** "On Mon, 5 Aug 2002, Jane Doe" + "<jane@example.com> wrote:" (mail clients wrap long attributions). */
    private static boolean startsWrappedAttribution(String line, String next) {
        return line.stripLeading().startsWith("On ") && next.strip().endsWith("wrote:")
                && ATTRIBUTION.matcher(line + " " + next.strip()).matches();
    }
}
