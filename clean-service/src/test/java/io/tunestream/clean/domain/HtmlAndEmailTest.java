package io.tunestream.clean.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlAndEmailTest {

    @Test
    void shouldExtractTextWhenInputIsHtml() {
        // Given
        String html = "<html><head><title>t</title><style>p{color:red}</style></head><body>"
                + "<p>Buy&nbsp;now &amp; save 50%!</p><script>alert(1)</script><div>Caf&eacute; <b>deals</b></div>"
                + "</body></html>";

        // When
        String text = new HtmlToText().convert(html);

        // Then
        assertThat(text).contains("Buy\u00A0now & save 50%!").contains("Café deals")
                .doesNotContain("alert").doesNotContain("color").doesNotContain("<");
    }

    @Test
    void shouldLeavePlainTextUntouchedWhenItIsNotHtml() {
        for (String plain : new String[] {"if a < 3 and b > 2 then x & y",
                "See <http://example.com/offer> or mail <sales@example.com>, R&D team"}) {
            assertThat(new HtmlToText().convert(plain)).isSameAs(plain);
        }
    }

    @Test
    void shouldRecogniseHtmlWhenAKnownTagOrEntityIsPresent() {
        assertThat(HtmlToText.looksLikeHtml("Hello<br/>world")).isTrue();
        assertThat(HtmlToText.looksLikeHtml("<!DOCTYPE html><title>x</title>")).isTrue();
        assertThat(HtmlToText.looksLikeHtml("caf&eacute; &#233;")).isTrue();
        assertThat(HtmlToText.looksLikeHtml("<http://example.com>")).isFalse();
    }

    @Test
    void shouldRemoveQuotesAttributionAndSignatureWhenEmailIsAReply() {
        // Given
        String body = String.join("\n",
                "Sounds good, see you Monday.",
                "",
                "On Mon, 5 Aug 2002 10:12:01 +0100, Jane Doe",
                "<jane@example.com> wrote:",
                "> Shall we meet on Monday?",
                ">> earlier quote",
                "Thanks again.",
                "-- ",
                "John Smith | ACME");

        // When
        String stripped = new EmailReplyStripper().strip(body);

        // Then
        assertThat(stripped).isEqualTo("Sounds good, see you Monday.\n\nThanks again.");
    }

    @Test
    void shouldCutOutlookOriginalMessageWhenPresent() {
        String body = "Yes.\r\n-----Original Message-----\r\nFrom: x\r\nOld text";
        assertThat(new EmailReplyStripper().strip(body)).isEqualTo("Yes.");
    }
}
