package io.tunestream.clean.domain;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Normalises labels: NFKC, trim, case-fold, mapping table, unknown-label policy. Thread-safe.
 */
public final class LabelNormalizer {

    /** Most distinct raw labels remembered; past it (a label per record, say) each is worked out again. */
    private static final int REMEMBERED = 4096;

    private final LabelSettings settings;
    /** The answer for each raw label seen: a dataset has few, and NFKC is the costly part. */
    private final Map<String, Optional<String>> answers = new ConcurrentHashMap<>();
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
        Optional<String> answer = answers.get(raw);
        if (answer == null) {
            answer = resolve(raw);
            if (answers.size() < REMEMBERED) {
                answers.put(raw, answer);
            }
        }
        return answer;
    }

    private Optional<String> resolve(String raw) {
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
