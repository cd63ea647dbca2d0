package io.tunestream.clean.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    private final TextNormalizer defaults = new TextNormalizer(TextSettings.defaults());

    private static TextNormalizer with(PunctuationPolicy policy, boolean keepNewlines) {
        return new TextNormalizer(new TextSettings(true, false, keepNewlines, policy, false, false));
    }

    @Test
    void shouldKeepEveryScriptIntactWhenNormalising() {
        // Given text in Chinese, Japanese, accented Latin, Arabic, Hindi and emoji (with a ZWJ family)
        String mixed = "中文测试 日本語のテキスト Café naïve façade مرحبا بالعالم नमस्ते 👍🏽 👨\u200D👩\u200D👧";

        // When
        String out = defaults.normalize(mixed);

        // Then every letter, mark and emoji survives
        assertThat(out).isEqualTo(mixed);
    }

    @Test
    void shouldStripPunctuationButNoLettersWhenPolicyIsRemove() {
        // Given
        String text = "你好，世界！ «Ça va?» — مرحبا، يا صديقي؛ Hello, world... 😀!";

        // When
        String out = with(PunctuationPolicy.REMOVE, false).normalize(text);

        // Then
        assertThat(out).isEqualTo("你好世界 Ça va مرحبا يا صديقي Hello world 😀");
    }

    @Test
    void shouldReplacePunctuationBySpaceWhenPolicyIsSpace() {
        assertThat(with(PunctuationPolicy.SPACE, false).normalize("e-mail:spam/ham")).isEqualTo("e mail spam ham");
    }

    @Test
    void shouldApplyNfkcWhenTextHasCompatibilityForms() {
        // Given full-width Latin, a ligature, half-width katakana and a decomposed é
        String text = "ＡＢＣ１２３ ﬁle ｶﾀｶﾅ Cafe\u0301";

        // When
        String out = defaults.normalize(text);

        // Then
        assertThat(out).isEqualTo("ABC123 file カタカナ Café");
    }

    @Test
    void shouldFoldWhitespaceAndDropControlsWhenTextIsMessy() {
        // Given tabs, CR/LF, NBSP, ideographic space, NUL, BEL, zero-width space and a BOM
        String text = "\uFEFF  Hello\t\t world\r\n\r\nnext\u00A0line\u3000end\u0000\u0007 zero\u200Bwidth  ";

        // When / Then
        assertThat(defaults.normalize(text)).isEqualTo("Hello world next line end zerowidth");
        assertThat(with(PunctuationPolicy.KEEP, true).normalize(text)).isEqualTo("Hello world\nnext line end zerowidth");
    }

    @Test
    void shouldReturnEmptyWhenTextIsNullOrBlank() {
        assertThat(defaults.normalize(null)).isEmpty();
        assertThat(defaults.normalize(" \t\u200B\n ")).isEmpty();
    }

    @Test
    void shouldLowercaseWithRootLocaleWhenConfigured() {
        var lower = new TextNormalizer(new TextSettings(true, true, false, PunctuationPolicy.KEEP, false, false));
        assertThat(lower.normalize("TITLE İstanbul ÉTÉ")).isEqualTo("title i̇stanbul été");
    }

    @Test
    void shouldFoldAsciiTextsAsTheGeneralPathDoesUnderEverySetting() {
        // Given random ASCII texts of every character class (controls, tabs, CR/LF, VT/FF, punctuation, letters)
        java.util.Random random = new java.util.Random(3);
        String alphabet = "aZ9 \t\r\n\u000B\u000C\u0000\u0007\u007F.,!?-_()\"'#@ Qx  ";
        java.util.List<String> texts = new java.util.ArrayList<>(java.util.List.of("plain", "  lead and trail  ",
                "\n\nnew\r\n\r\nlines\n", "a\u0000b"));
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(40); k > 0; k--) {
                text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x80) : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(text.toString());
        }
        for (boolean lowercase : new boolean[] {false, true}) {
            for (boolean keepNewlines : new boolean[] {false, true}) {
                for (PunctuationPolicy policy : PunctuationPolicy.values()) {
                    var normalizer = new TextNormalizer(new TextSettings(true, lowercase, keepNewlines, policy, false, false));
                    // Then the ASCII path gives what NFKC, lower case and the char fold give
                    for (String text : texts) {
                        assertThat(normalizer.normalize(text)).as("%s lower=%s newlines=%s %s", text, lowercase,
                                keepNewlines, policy).isEqualTo(normalizer.normalizeChars(text));
                    }
                }
            }
        }
    }
}
