package io.tunestream.sampledata;

import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.stream.Field;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conversation an e-mail belongs to, so that a split can keep a thread on one side: the
 * normalised subject (reply/forward prefixes and list tags removed), else the root of
 * {@code References} / {@code In-Reply-To}, else the message's own id.
 */
final class ThreadKey {

    // Applied to the decoded Subject value only (MIME structure is mime4j's job): "Re:", "Fwd:", "AW:", "[list]".
    private static final Pattern PREFIX = Pattern.compile(
            "^\\s*(?:(?:re|fwd?|aw|sv|antw)(?:\\[\\d+])?\\s*:|\\[[^\\]]{1,40}])\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    private ThreadKey() {
    }

    static String of(Message message, String fallbackId) {
        String subject = normaliseSubject(message.getSubject());
        if (!subject.isEmpty()) {
            return "subject:" + subject;
        }
        String root = firstMessageId(message, "References");
        if (root == null) {
            root = firstMessageId(message, "In-Reply-To");
        }
        if (root != null) {
            return "thread:" + root;
        }
        String own = message.getMessageId();
        return own == null || own.isBlank() ? "id:" + fallbackId : "thread:" + own.strip();
    }

    static String normaliseSubject(String subject) {
        if (subject == null) {
            return "";
        }
        String s = subject.strip();
        for (Matcher m = PREFIX.matcher(s); m.find(); m = PREFIX.matcher(s)) {
            s = s.substring(m.end());
        }
        return s.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }

    private static String firstMessageId(Message message, String header) {
        Field field = message.getHeader().getField(header);
        if (field == null || field.getBody() == null) {
            return null;
        }
        Matcher m = MESSAGE_ID.matcher(field.getBody());
        return m.find() ? m.group() : null;
    }
}
