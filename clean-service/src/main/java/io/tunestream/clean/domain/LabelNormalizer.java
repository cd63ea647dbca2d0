package io.tunestream.clean.domain;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Normalises labels: NFKC, trim, case-fold, mapping table, unknown-label policy. Thread-safe.
 */
public final class LabelNormalizer {

    private final LabelSettings settings;
    private final Map<String, String> mapping = new HashMap<>();
    private final Set<String> known = new HashSet<>();

    /** A normaliser; mapping keys and known labels are normalised like incoming labels. */
    public LabelNormalizer(LabelSettings settings) {
        this.settings = settings;
        settings.mapping().forEach((k, v) -> mapping.put(basic(k), basic(v)));
        settings.knownLabels().forEach(l -> known.add(basic(l)));
        if (!known.isEmpty()) {
            known.addAll(mapping.values());
        }
    }

    /**
     * The normalised label, or empty when the record must be dropped: {@code null} or blank
     * (a missing label) or unknown under {@link UnknownLabelPolicy#DROP}. Use
     * {@link #isMissing(String)} to tell the two apart.
     */
    public Optional<String> normalize(String raw) {
        if (isMissing(raw)) {
            return Optional.empty();
        }
        String label = basic(raw);
        String mapped = mapping.get(label);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        if (known.isEmpty() || known.contains(label)) {
            return Optional.of(label);
        }
        return switch (settings.unknownPolicy()) {
            case KEEP -> Optional.of(label);
            case DROP -> Optional.empty();
            case FALLBACK -> Optional.of(basic(settings.fallbackLabel()));
        };
    }

    /** Whether a raw label counts as missing ({@code null} or only whitespace). */
    public boolean isMissing(String raw) {
        return raw == null || raw.isBlank();
    }

    private String basic(String raw) {
        String s = raw.strip();
        if (!Normalizer.isNormalized(s, Normalizer.Form.NFKC)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFKC);
        }
        return settings.caseFold() ? s.toLowerCase(Locale.ROOT) : s;
    }
}
