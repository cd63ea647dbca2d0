package io.tunestream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tunestream.model.arch.HiddenStates;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.arch.TokenBatch;
import io.tunestream.model.head.Losses;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.Peft;
import io.tunestream.model.peft.PeftMethod;
import io.tunestream.model.peft.TrainableWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Causal language modelling on a LLaMA-family decoder with a fine-tuning method: next-token
 * logits and a loss in which prompt tokens and padding are not targets.
 */
public final class CausalLanguageModel {

    private final PretrainedModel base;
    private final LlamaDecoder decoder;
    private final PeftMethod method;

    private CausalLanguageModel(PretrainedModel base, PeftMethod method) {
        this.base = base;
        this.decoder = (LlamaDecoder) base.backbone();
        this.method = method;
    }

    /**
     * @param base a loaded decoder (Llama, Qwen2, Mistral) and tokenizer
     * @param methodConfig fine-tuning method
     * @param manager owner of new tensors
     * @param seed seed for new tensors
     * @return the model
     * @throws IllegalArgumentException if the backbone is not a decoder
     */
    public static CausalLanguageModel create(PretrainedModel base, MethodConfig methodConfig, NDManager manager,
            long seed) {
        if (!(base.backbone() instanceof LlamaDecoder)) {
            throw new IllegalArgumentException("causal LM needs a decoder, got model_type " + base.backbone().modelType());
        }
        return new CausalLanguageModel(base, Peft.apply(base.backbone(), methodConfig, base.tokenizer(), manager, seed));
    }

    /**
     * @param batch tokens
     * @param training whether dropout is active
     * @return logits over the vocabulary for the token positions [B, L, V] (soft-prompt
     *     positions dropped)
     */
    public NDArray forward(TokenBatch batch, boolean training) {
        HiddenStates states = decoder.forward(batch, training);
        NDArray hidden = states.hidden();
        if (states.prefixLength() > 0) {
            hidden = hidden.get(new ai.djl.ndarray.index.NDIndex(":, {}:", states.prefixLength()));
        }
        return decoder.logits(hidden);
    }

    /**
     * @param logits from {@link #forward}
     * @param batch the same batch
     * @param promptTokens per example, how many leading tokens are prompt (not targets)
     * @return mean next-token loss over the answer tokens
     */
    public NDArray loss(NDArray logits, TokenBatch batch, int[] promptTokens) {
        long[] mask = batch.attentionMask().toLongArray();
        int length = (int) batch.length();
        for (int b = 0; b < promptTokens.length; b++) {
            for (int t = 0; t < Math.min(promptTokens[b], length); t++) {
                mask[b * length + t] = 0;
            }
        }
        NDArray lossMask = batch.inputIds().getManager().create(mask, batch.inputIds().getShape())
                .toDevice(logits.getDevice(), false);
        return Losses.causalLm(logits, batch.inputIds(), lossMask);
    }

    /** @return trainable tensors by name */
    public Map<String, TensorSlot> trainableSlots() {
        return method.trainableSlots();
    }

    /** Saves the trainable tensors. */
    public void saveTrainable(Path file) throws IOException {
        TrainableWeights.save(file, trainableSlots(), Map.of("method", method.config().name(), "task", "causal_lm"));
    }

    /** Loads tensors written by {@link #saveTrainable}. */
    public void loadTrainable(Path file, NDManager manager) {
        TrainableWeights.load(file, trainableSlots(), manager);
    }

    /** @return the applied method */
    public PeftMethod method() {
        return method;
    }

    /** @return base model and tokenizer */
    public PretrainedModel base() {
        return base;
    }
}
