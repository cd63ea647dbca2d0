package io.tunestream.model.peft;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.tunestream.model.arch.AdaptableLayer;
import io.tunestream.model.arch.Backbone;
import io.tunestream.model.arch.ModuleBlock;
import io.tunestream.model.arch.Projection;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.tokenize.TextTokenizer;
import java.util.Random;

/** Applies a {@link MethodConfig} to a loaded backbone. */
public final class Peft {

    private Peft() {}

    /**
     * Freezes the backbone, then adds and initialises the method's trainable tensors (or
     * unfreezes the base for full fine-tuning).
     *
     * @param backbone a loaded backbone (not yet adapted)
     * @param config the method
     * @param tokenizer used for prompt-tuning text initialisation (may be null otherwise)
     * @param manager owner of the new tensors (the backbone's manager)
     * @param seed random seed for the new tensors
     * @return the applied method
     */
    public static PeftMethod apply(Backbone backbone, MethodConfig config, TextTokenizer tokenizer,
            NDManager manager, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        backbone.setTrainable(false);
        if (config instanceof MethodConfig.Lora lora) {
            applyLora(backbone, lora, manager);
        } else if (config instanceof MethodConfig.Adapter adapter) {
            applyAdapters(backbone, adapter, manager);
        } else if (config instanceof MethodConfig.PromptTuning prompt) {
            applyPrompt(backbone, prompt, tokenizer, manager, seed);
        } else if (config instanceof MethodConfig.FullFineTuning full) {
            applyFull(backbone, full);
        }
        return new PeftMethod(config, backbone);
    }

    private static void applyLora(Backbone backbone, MethodConfig.Lora lora, NDManager manager) {
        int wrapped = 0;
        for (Projection projection : backbone.projections().values()) {
            String last = projection.path().substring(projection.path().lastIndexOf('.') + 1);
            if (lora.targetModules().contains(last)) {
                LoraLinear delta = new LoraLinear(projection, lora.rank(), lora.alpha(), lora.dropout());
                makeTrainable(delta, manager);
                projection.attachDelta(delta);
                wrapped++;
            }
        }
        if (wrapped == 0) {
            throw new IllegalArgumentException("LoRA target modules " + lora.targetModules()
                    + " match no projection of this " + backbone.modelType() + " model");
        }
    }

    private static void applyAdapters(Backbone backbone, MethodConfig.Adapter config, NDManager manager) {
        for (AdaptableLayer layer : backbone.layers()) {
            for (AdaptableLayer.Site site : AdaptableLayer.Site.values()) {
                String suffix = site == AdaptableLayer.Site.ATTENTION ? ".adapter_attention" : ".adapter_ffn";
                BottleneckAdapter adapter = new BottleneckAdapter(layer.path() + suffix, backbone.hiddenSize(),
                        config.bottleneck(), config.activation());
                makeTrainable(adapter, manager);
                layer.attachHook(site, adapter);
            }
        }
    }

    private static void applyPrompt(Backbone backbone, MethodConfig.PromptTuning config, TextTokenizer tokenizer,
            NDManager manager, long seed) {
        SoftPrompt prompt = new SoftPrompt(config.virtualTokens(), backbone.hiddenSize());
        if (config.initText() != null && !config.initText().isBlank()) {
            if (tokenizer == null) {
                throw new IllegalArgumentException("prompt tuning with init text needs the tokenizer");
            }
            prompt.initializeFromTokens(backbone.wordEmbeddings(), tokenizer.ids(config.initText()), manager);
        } else {
            // random init = embeddings of randomly sampled vocabulary rows (Lester et al. 2021)
            long[] ids = new Random(seed).longs(config.virtualTokens(), 0, backbone.vocabSize()).toArray();
            prompt.initializeFromTokens(backbone.wordEmbeddings(), ids, manager);
        }
        makeTrainable(prompt, manager);
        backbone.setSoftPrompt(prompt);
    }

    private static void applyFull(Backbone backbone, MethodConfig.FullFineTuning config) {
        for (TensorSlot slot : backbone.slots().values()) {
            boolean embedding = slot.name().startsWith("embeddings.") || slot.name().startsWith("model.embed_tokens")
                    || slot.name().startsWith("transformer.wte") || slot.name().startsWith("transformer.wpe");
            slot.setTrainable(!(config.freezeEmbeddings() && embedding));
        }
    }

    private static void makeTrainable(ModuleBlock block, NDManager manager) {
        for (TensorSlot slot : block.directSlots().values()) {
            slot.initializeIfUnset(manager, DataType.FLOAT32);
            slot.setTrainable(true);
        }
    }
}
