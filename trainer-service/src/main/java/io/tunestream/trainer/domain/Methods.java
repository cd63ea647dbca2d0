package io.tunestream.trainer.domain;

import io.tunestream.events.MethodConfig;
import io.tunestream.model.peft.MethodConfig.Adapter;
import io.tunestream.model.peft.MethodConfig.FullFineTuning;
import io.tunestream.model.peft.MethodConfig.Lora;
import io.tunestream.model.peft.MethodConfig.PromptTuning;
import java.util.List;

/** Maps the request's method settings (Avro) to the modelling library's {@code MethodConfig}. */
public final class Methods {

    private Methods() {
    }

    /**
     * @param m the request's method
     * @return the library's configuration
     */
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
        return m.getType() != io.tunestream.events.Method.FULL;
    }
}
