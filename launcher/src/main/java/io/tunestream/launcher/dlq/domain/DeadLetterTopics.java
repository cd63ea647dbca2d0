package io.tunestream.launcher.dlq.domain;

import io.tunestream.schemas.TopicDefinition;
import io.tunestream.schemas.TopicRegistry;
import io.tunestream.schemas.Topics;
import java.util.List;

/**
 * The dead-letter topics an operator may name: {@code <topic>.dlq} of every topic of {@link TopicRegistry} that has
 * one, given as the base name ({@code datasets.raw.dlq}) or the full name under the stack's prefix. Anything else is
 * refused with the list of valid names.
 */
public final class DeadLetterTopics {

    private DeadLetterTopics() {
    }

    /** Base names of every DLQ, in registry order. */
    public static List<String> baseNames() {
        return TopicRegistry.all().stream().filter(TopicDefinition::hasDlq).map(t -> Topics.dlq(t.base())).toList();
    }

    /**
     * The full name of the DLQ {@code name} designates.
     *
     * @param name   base name ({@code datasets.raw.dlq}) or full name ({@code tunestream.datasets.raw.dlq})
     * @param prefix the topic prefix in force
     * @throws IllegalArgumentException naming the valid DLQs when {@code name} is not one
     */
    public static String resolve(String name, String prefix) {
        String base = name.startsWith(prefix) && baseNames().contains(name.substring(prefix.length()))
                ? name.substring(prefix.length()) : name;
        if (baseNames().contains(base)) {
            return Topics.name(prefix, base);
        }
        String source = strip(base, prefix);
        if (!base.endsWith(Topics.DLQ_SUFFIX) && TopicRegistry.find(source).isPresent()) {
            String where = baseNames().contains(Topics.dlq(source))
                    ? "its dead letters are in '" + Topics.dlq(source) + "'" : "it has none (no stage reads it)";
            throw new IllegalArgumentException("'" + name + "' is not a dead-letter topic: " + where
                    + ". Dead-letter topics: " + String.join(", ", baseNames()));
        }
        throw new IllegalArgumentException("unknown dead-letter topic '" + name + "'. Dead-letter topics: "
                + String.join(", ", baseNames()));
    }

    /** The topic a DLQ's dead letters came from (full names). */
    public static String sourceOf(String dlq) {
        return dlq.substring(0, dlq.length() - Topics.DLQ_SUFFIX.length());
    }

    private static String strip(String name, String prefix) {
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }
}
