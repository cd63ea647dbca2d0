package io.tunestream.augment.domain;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to call the translation service (LibreTranslate's {@code POST /translate} JSON API).
 *
 * @param endpoint       the translate URL, e.g. {@code http://translator:5000/translate}
 * @param timeout        per-request timeout (connect and response); e.g. 10 s
 * @param sourceLanguage language of the dataset, e.g. {@code en}
 * @param pivotLanguage  language translated through, e.g. {@code de}
 * @param apiKey         optional API key sent as {@code api_key}; {@code null} for none
 */
public record BackTranslationSettings(URI endpoint, Duration timeout, String sourceLanguage, String pivotLanguage,
                                      String apiKey) {

    /** Requires the endpoint, a positive timeout and both languages. */
    public BackTranslationSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(sourceLanguage, "sourceLanguage");
        Objects.requireNonNull(pivotLanguage, "pivotLanguage");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }
}
