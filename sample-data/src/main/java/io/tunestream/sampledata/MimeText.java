package io.tunestream.sampledata;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;
import org.jsoup.Jsoup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Extracts readable text from an RFC 822 message with Apache James mime4j: walks the MIME tree,
 * keeps inline {@code text/plain} parts (or {@code text/html} parts through jsoup when there is no
 * plain part), undoing transfer encodings and decoding each part with its declared charset.
 */
final class MimeText {

    private static final Charset FALLBACK = Charset.forName("windows-1252"); // superset of ISO-8859-1
    private final boolean unicodeSource;

    /**
     * @param unicodeSource true when the message was already decoded to Unicode before it reached us
     *                      (the npm corpus stores e-mails as JSON strings): 7bit/8bit parts are then
     *                      read as the UTF-8 we re-encoded them with, and only base64 / quoted-printable
     *                      parts still carry bytes in their declared charset
     */
    MimeText(boolean unicodeSource) {
        this.unicodeSource = unicodeSource;
    }

    /** Parses a message; headers and parts that are broken are read leniently, never rejected. */
    Message parse(byte[] raw) throws IOException {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        builder.setContentDecoding(true);
        return builder.parseMessage(new ByteArrayInputStream(raw));
    }

    /** The body text: inline plain parts joined by blank lines, else the HTML parts as text. */
    String bodyText(Message message) throws IOException {
        List<Entity> plain = new ArrayList<>();
        List<Entity> html = new ArrayList<>();
        collect(message, plain, html);
        List<String> texts = new ArrayList<>();
        for (Entity part : plain.isEmpty() ? html : plain) {
            String text = decode(part);
            texts.add(plain.isEmpty() || looksLikeHtml(text) ? Jsoup.parse(text).text() : text);
        }
        return String.join("\n\n", texts).strip();
    }

    /**
     * Many spams send an HTML document without a Content-Type (so it defaults to text/plain); a body that
     * is a whole HTML document is converted like a declared text/html part.
     */
    private static boolean looksLikeHtml(String text) {
        String head = text.stripLeading();
        head = head.substring(0, Math.min(head.length(), 512)).toLowerCase(Locale.ROOT);
        return (head.startsWith("<") && head.contains("<html")) || head.startsWith("<!doctype html")
                || (head.contains("<html") && text.toLowerCase(Locale.ROOT).contains("</html>"));
    }

    private static void collect(Entity entity, List<Entity> plain, List<Entity> html) {
        Body body = entity.getBody();
        if (body instanceof Multipart multipart) {
            multipart.getBodyParts().forEach(part -> collect(part, plain, html));
        } else if (body instanceof Message embedded) {
            collect(embedded, plain, html); // a forwarded message/rfc822: its text is part of this one
        } else if (!"attachment".equalsIgnoreCase(entity.getDispositionType())) {
            String type = entity.getMimeType().toLowerCase(Locale.ROOT);
            if (type.equals("text/plain")) {
                plain.add(entity);
            } else if (type.equals("text/html")) {
                html.add(entity);
            }
        }
    }

    private String decode(Entity part) throws IOException {
        try (InputStream in = ((SingleBody) part.getBody()).getInputStream()) {
            return new String(in.readAllBytes(), charsetOf(part));
        }
    }

    private Charset charsetOf(Entity part) {
        String encoding = part.getContentTransferEncoding().toLowerCase(Locale.ROOT);
        boolean identity = !encoding.equals("base64") && !encoding.equals("quoted-printable");
        if (unicodeSource && identity) {
            return StandardCharsets.UTF_8;
        }
        String declared = part.getCharset();
        if (declared == null) {
            return FALLBACK;
        }
        try {
            return Charset.forName(declared.strip());
        } catch (IllegalArgumentException unknownCharset) {
            return FALLBACK;
        }
    }
}
