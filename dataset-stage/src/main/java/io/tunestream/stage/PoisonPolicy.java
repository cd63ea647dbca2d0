package io.tunestream.stage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a whole-dataset stage does with a version whose seal counts records that reached the dead-letter topic
 * instead (a poison batch, undecodable bytes). Chosen per dataset by the key {@value #CONFIG_KEY} of the config that
 * travels with the version (ingest's {@code config.poison-policy}, {@code tunestream publish --poison-policy}):
 * <ul>
 *   <li>{@link #REJECT_VERSION} ({@code reject-version}, the default): the version is incomplete and rejected, nothing
 *   is written downstream, the report says why;</li>
 *   <li>{@link #DEAD_LETTER} ({@code dead-letter}): the dead-lettered records stay in the DLQ (original bytes, reason
 *   headers) and the stage goes on with the rest, when every missing record is accounted for by those dead
 *   letters; the report counts them in {@code deadLettered} and in {@code recordsIn}.</li>
 * </ul>
 */
public enum PoisonPolicy {
    REJECT_VERSION("reject-version"),
    DEAD_LETTER("dead-letter");

    /** The dataset config key naming the policy. */
    public static final String CONFIG_KEY = "poison-policy";

    private final String value;

    PoisonPolicy(String value) {
        this.value = value;
    }

    /** The name in dataset config ({@code reject-version}, {@code dead-letter}). */
    public String value() {
        return value;
    }

    /**
     * @param config a dataset version's config
     * @return its policy; {@link #REJECT_VERSION} when the key is absent
     * @throws IllegalArgumentException for any other value, naming the allowed ones
     */
    public static PoisonPolicy of(Map<String, String> config) {
        String v = config.get(CONFIG_KEY);
        if (v == null) {
            return REJECT_VERSION;
        }
        return parse(v);
    }

    /**
     * @param v a policy name
     * @return the policy
     * @throws IllegalArgumentException for an unknown name
     */
    public static PoisonPolicy parse(String v) {
        String name = v.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.value.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + CONFIG_KEY + " '" + v + "': use one of "
                        + Arrays.stream(values()).map(PoisonPolicy::value).collect(Collectors.joining(", "))));
    }
}
