package io.tunestream.sampledata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SpamAssassinAdapterTest {

    private final SpamAssassinAdapter adapter = new SpamAssassinAdapter();

    private SampleRecord adaptCorpusText(String message) {
        return adapter.adapt(new RawMessage("t/1", "spam-1", "spam", message));
    }

    @Test
    void shouldKeepOnlyThePlainPartWhenMultipartAlternative() {
        // Given
        String message = """
                From: a@example.org
                Subject: Meeting
                Message-ID: <m1@example.org>
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="XYZ"

                preamble
                --XYZ
                Content-Type: text/plain; charset=us-ascii

                See you at noon.
                --XYZ
                Content-Type: text/html; charset=us-ascii

                <html><body><p>See you at <b>noon</b>.</p></body></html>
                --XYZ--
                """;
        // When
        SampleRecord record = adaptCorpusText(message);
        // Then
        assertThat(record.text()).isEqualTo("Meeting\n\nSee you at noon.");
        assertThat(record.label()).isEqualTo("spam");
        assertThat(record.id()).isEqualTo("t/1");
    }

    @Test
    void shouldDecodeBase64WhenTransferEncodingIsBase64() {
        // Given: "Grüße aus Köln" in UTF-8, base64-encoded
        String body = java.util.Base64.getMimeEncoder().encodeToString("Grüße aus Köln".getBytes(StandardCharsets.UTF_8));
        String message = """
                Subject: Hallo
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                %s
                """.formatted(body);
        // When
        SampleRecord record = adaptCorpusText(message);
        // Then
        assertThat(record.text()).isEqualTo("Hallo\n\nGrüße aus Köln");
    }

    @Test
    void shouldDecodeQuotedPrintableInDeclaredCharsetWhenNotUtf8() {
        // Given: ISO-8859-1 bytes E9 (é) and E0 (à) as quoted-printable, with a soft line break
        String message = """
                Subject: =?iso-8859-1?Q?Caf=E9?=
                Content-Type: text/plain; charset="iso-8859-1"
                Content-Transfer-Encoding: quoted-printable

                Un caf=E9 =E0 Paris, c'est une tr=
                =E8s longue ligne.
                """;
        // When
        SampleRecord record = adaptCorpusText(message);
        // Then
        assertThat(record.text()).isEqualTo("Café\n\nUn café à Paris, c'est une très longue ligne.");
    }

    @Test
    void shouldConvertHtmlToTextWhenNoPlainPartExists() {
        // Given
        String message = """
                Subject: Win money NOW
                Content-Type: text/html; charset="iso-8859-1"
                Content-Transfer-Encoding: quoted-printable

                <HTML><HEAD><STYLE>p {color: red}</STYLE></HEAD><BODY>
                <P>Click <A HREF=3D"http://example.com">here</A> &amp; win!</P>
                </BODY></HTML>
                """;
        // When
        SampleRecord record = adaptCorpusText(message);
        // Then
        assertThat(record.text()).isEqualTo("Win money NOW\n\nClick here & win!");
    }

    @Test
    void shouldReadEightBitBodyInDeclaredCharsetWhenGivenRawBytes() {
        // Given: a real 8bit windows-1252 message as bytes (0x80 is the euro sign there)
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes("""
                Subject: Preis
                Content-Type: text/plain; charset=windows-1252
                Content-Transfer-Encoding: 8bit

                """.getBytes(StandardCharsets.US_ASCII));
        raw.writeBytes(new byte[] {'1', '0', ' ', (byte) 0x80, ' ', 'f', (byte) 0xFC, 'r', ' ', 'S', 'i', 'e'});
        // When
        SampleRecord record = adapter.adapt("raw/1", "ham", raw.toByteArray());
        // Then
        assertThat(record.text()).isEqualTo("Preis\n\n10 € für Sie");
        assertThat(record.label()).isEqualTo("ham");
    }

    @Test
    void shouldSkipAttachmentsWhenMultipartMixed() {
        // Given
        String message = """
                Subject: Report
                Content-Type: multipart/mixed; boundary=b1

                --b1
                Content-Type: text/plain

                Attached is the report.
                --b1
                Content-Type: text/plain; name=notes.txt
                Content-Disposition: attachment; filename=notes.txt

                secret attachment text
                --b1--
                """;
        // When
        SampleRecord record = adaptCorpusText(message);
        // Then
        assertThat(record.text()).isEqualTo("Report\n\nAttached is the report.");
    }

    @Test
    void shouldGroupRepliesWithTheirOriginalWhenSubjectsMatch() {
        // Given
        String original = "Subject: [ILUG] Linux on laptops\nMessage-ID: <a@x>\n\nHi";
        String reply = "Subject: Re: [ILUG] RE: Linux  on laptops\nMessage-ID: <b@x>\nIn-Reply-To: <a@x>\n\nYes";
        // When
        String g1 = adaptCorpusText(original).group();
        String g2 = adaptCorpusText(reply).group();
        // Then
        assertThat(g1).isEqualTo("subject:linux on laptops").isEqualTo(g2);
    }

    @Test
    void shouldUseReferencesRootThenMessageIdWhenSubjectIsEmpty() {
        // Given
        String withReferences = "Subject: Re:\nReferences: <root@x> <mid@x>\nMessage-ID: <c@x>\n\nok";
        String alone = "Message-ID: <solo@x>\n\nno subject";
        // When / Then
        assertThat(adaptCorpusText(withReferences).group()).isEqualTo("thread:<root@x>");
        assertThat(adaptCorpusText(alone).group()).isEqualTo("thread:<solo@x>");
        assertThat(adaptCorpusText(alone).text()).isEqualTo("\n\nno subject");
    }

    @Test
    void shouldWriteOneJsonObjectPerLineWhenWritingJsonl(@TempDir Path dir) throws Exception {
        // Given
        Path file = dir.resolve("out.jsonl");
        List<SampleRecord> records = List.of(new SampleRecord("a", "x\ny", "spam", "g1"),
                new SampleRecord("b", "z", "ham", "g2"));
        // When
        long written = SpamAssassinAdapter.writeJsonl(records.stream(), file);
        // Then
        assertThat(written).isEqualTo(2);
        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"id\":\"a\",\"text\":\"x\\ny\",\"label\":\"spam\",\"group\":\"g1\"}",
                "{\"id\":\"b\",\"text\":\"z\",\"label\":\"ham\",\"group\":\"g2\"}");
    }
}
