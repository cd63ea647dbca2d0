package io.tunestream.model.events;

import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.model.peft.MethodConfig.Adapter;
import io.tunestream.model.peft.MethodConfig.FullFineTuning;
import io.tunestream.model.peft.MethodConfig.Lora;
import io.tunestream.model.peft.MethodConfig.PromptTuning;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The method settings of requests and checkpoints (Avro {@link MethodConfig}) mapped to the modelling library's
 * {@code MethodConfig}, and rebuilt from a lineage's flattened config map ({@code method.type},
 * {@code method.loraRank}, ...), so that a registered version alone says how to rebuild its model.
 */
public final class EventMethods {

    /** Prefix of the method's fields in a lineage config map. */
    public static final String PREFIX = "method.";

    private EventMethods() {
    }

    /** @return the library's configuration of the event's method */
    public static io.tunestream.model.peft.MethodConfig toModel(MethodConfig m) {
        return switch (m.getType()) {
            case LORA -> new Lora(m.getLoraRank(), m.getLoraAlpha(), m.getLoraDropout(),
                    List.copyOf(m.getTargetModules()));
            case ADAPTER -> new Adapter(m.getAdapterSize(), "gelu");
            case PROMPT_TUNING -> new PromptTuning(m.getPromptLength(), m.getPromptInitText());
            case FULL -> new FullFineTuning(m.getFreezeEmbeddings());
        };
    }

    /** @return whether the method's weights are small enough to travel inline (every method but FULL) */
    public static boolean isParameterEfficient(MethodConfig m) {
        return m.getType() != Method.FULL;
    }

    /**
     * @param config a lineage's config map, as the trainer flattens a request ({@code method.<field>})
     * @return the method it names; fields it lacks take the schema's defaults
     * @throws IllegalArgumentException when {@code method.type} is missing or unknown, or a number is malformed
     */
    public static MethodConfig fromLineageConfig(Map<String, String> config) {
        String type = config.get(PREFIX + "type");
        if (type == null) {
            throw new IllegalArgumentException("the lineage config names no method (" + PREFIX + "type)");
        }
        MethodConfig.Builder b = MethodConfig.newBuilder();
        try {
            b.setType(Method.valueOf(type));
            with(config, "loraRank", v -> b.setLoraRank(Integer.parseInt(v)));
            with(config, "loraAlpha", v -> b.setLoraAlpha(Float.parseFloat(v)));
            with(config, "loraDropout", v -> b.setLoraDropout(Float.parseFloat(v)));
            with(config, "targetModules", v -> b.setTargetModules(parseList(v)));
            with(config, "adapterSize", v -> b.setAdapterSize(Integer.parseInt(v)));
            with(config, "promptLength", v -> b.setPromptLength(Integer.parseInt(v)));
            with(config, "promptInitText", b::setPromptInitText);
            with(config, "freezeEmbeddings", v -> b.setFreezeEmbeddings(Boolean.parseBoolean(v)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the lineage config's method is malformed: " + e.getMessage(), e);
        }
        return b.build();
    }

    private static void with(Map<String, String> config, String field, Consumer<String> set) {
        String value = config.get(PREFIX + field);
        if (value != null) {
            set.accept(value);
        }
    }

    /** Parses {@code String.valueOf(List)}: {@code [query, value]}. */
    private static List<String> parseList(String value) {
        String inner = value.strip();
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        return Arrays.stream(inner.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
    }
}
