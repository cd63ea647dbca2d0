package io.tunestream.model.peft;

import java.util.List;

/** Configuration of a fine-tuning method; {@link Peft#apply} turns it into a {@link PeftMethod}. */
public sealed interface MethodConfig
        permits MethodConfig.Lora, MethodConfig.Adapter, MethodConfig.PromptTuning, MethodConfig.FullFineTuning {

    /** @return the method's short name (lora, adapter, prompt_tuning, full) */
    String name();

    /**
     * LoRA: {@code W x + (alpha / r) B A dropout(x)} on the projections whose module path ends
     * with one of the target names; A random, B zero, base frozen.
     *
     * @param rank r
     * @param alpha scaling numerator
     * @param dropout dropout on the LoRA input
     * @param targetModules last path segments to wrap (query, value, q_proj, ...)
     */
    record Lora(int rank, double alpha, double dropout, List<String> targetModules) implements MethodConfig {
        /** @return r=8, alpha=16, dropout 0.1 on query and value (q_proj, v_proj for decoders) */
        public static Lora defaults() {
            return new Lora(8, 16, 0.1, List.of("query", "value", "q_proj", "v_proj"));
        }

        @Override
        public String name() {
            return "lora";
        }
    }

    /**
     * Houlsby adapters after the attention and feed-forward sub-layers of every layer.
     *
     * @param bottleneck down-projection width
     * @param activation relu or gelu
     */
    record Adapter(int bottleneck, String activation) implements MethodConfig {
        /** @return bottleneck 64, GELU */
        public static Adapter defaults() {
            return new Adapter(64, "gelu");
        }

        @Override
        public String name() {
            return "adapter";
        }
    }

    /**
     * Prompt tuning: trainable vectors prepended to the input embeddings.
     *
     * @param virtualTokens number of vectors
     * @param initText text whose token embeddings initialise the prompt (repeated to length), or
     *     null for random initialisation
     */
    record PromptTuning(int virtualTokens, String initText) implements MethodConfig {
        /** @return 20 vectors initialised from a task description */
        public static PromptTuning defaults() {
            return new PromptTuning(20, "classify whether this message is spam or not");
        }

        @Override
        public String name() {
            return "prompt_tuning";
        }
    }

    /**
     * Every parameter trained.
     *
     * @param freezeEmbeddings keep the embedding tables frozen
     */
    record FullFineTuning(boolean freezeEmbeddings) implements MethodConfig {
        @Override
        public String name() {
            return "full";
        }
    }
}
