package io.tunestream.model.arch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.LmBatch;
import io.tunestream.model.LmExample;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.training.TrainingStep;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Done-when: PEFT methods train a tiny GPT-2 on a short text (loss falls), and LoRA merges exactly. */
class Gpt2TrainingTest {

    private static final List<LmExample> TEXT = List.of(LmExample.text(Gpt2DecoderTest.TEXT));

    @TempDir
    Path dir;
    private NDManager manager;
    private PretrainedModel base;

    @BeforeEach
    void setUp() throws Exception {
        DjlRuntime.configure();
        manager = NDManager.newBaseManager();
        // dropout 0.1 everywhere, so the training path runs it
        Gpt2Config config = new Gpt2Config(TinyCheckpoints.vocabSize(Gpt2DecoderTest.WORDS), 32, 2, 4, 64, 128, 1e-5,
                0.1, 0.1, 0.1, false, true, 3, 3);
        Gpt2Decoder random = new Gpt2Decoder(config);
        random.initializeUnset(manager);
        // HF's std 0.02 makes a near-uniform random model that no frozen-base method steers in a few steps;
        // matrices with std 0.4 give the random model enough structure to learn through
        random.slots().forEach((name, slot) -> {
            if (slot.shape().dimension() == 2) {
                slot.parameter().getArray().muli(20f);
            }
        });
        TinyCheckpoints.write(dir, config.toJson(), random, Gpt2DecoderTest.WORDS);
        base = PretrainedModels.loadHuggingFace(dir, manager, 32);
    }

    @AfterEach
    void tearDown() {
        base.close();
        manager.close();
    }

    /** @return loss (no dropout) before the first and after the last of {@code steps} AdamW steps */
    private float[] train(CausalLanguageModel lm, int steps, float learningRate) {
        Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(learningRate)).optWeightDecays(0f).build();
        float first = evalLoss(lm);
        for (int step = 0; step < steps; step++) {
            TrainingStep.run(manager, lm.trainableSlots().values(), adamW, m -> lm.loss(lm.encode(TEXT, m), true));
        }
        return new float[] {first, evalLoss(lm)};
    }

    private float evalLoss(CausalLanguageModel lm) {
        try (NDManager m = manager.newSubManager()) {
            return lm.loss(lm.encode(TEXT, m), false).getFloat();
        }
    }

    @Test
    void shouldLowerCausalLmLossWhenPromptTuned() {
        // Given 8 trainable virtual tokens initialised from a text, the GPT-2 itself frozen
        CausalLanguageModel lm = CausalLanguageModel.create(base, new MethodConfig.PromptTuning(8, "the lazy dog"), manager, 1);
        assertThat(lm.trainableSlots()).containsOnlyKeys("prompt_embeddings.weight");
        // When
        float[] loss = train(lm, 60, 1e-1f);
        // Then
        System.out.printf("tiny gpt2 prompt tuning causal LM loss %.3f -> %.3f%n", loss[0], loss[1]);
        assertThat(loss[0]).isGreaterThan(2.0f);
        assertThat(loss[1]).isLessThan(loss[0] * 0.5f);
    }

    @Test
    void shouldLowerCausalLmLossAndMergeExactlyWhenLoraOnCAttn() {
        // Given LoRA r=8 on the fused c_attn projections
        CausalLanguageModel lm = CausalLanguageModel.create(base, new MethodConfig.Lora(8, 16, 0.05, List.of("c_attn")),
                manager, 1);
        assertThat(lm.method().loraProjections()).containsOnlyKeys("transformer.h.0.attn.c_attn", "transformer.h.1.attn.c_attn");
        float[] before = weight("transformer.h.0.attn.c_attn.weight");
        // When trained
        float[] loss = train(lm, 40, 1e-2f);
        // Then the loss falls, and merging into the [in, out] Conv1D weights changes nothing but speed
        System.out.printf("tiny gpt2 LoRA c_attn causal LM loss %.3f -> %.3f%n", loss[0], loss[1]);
        assertThat(loss[0]).isGreaterThan(2.0f);
        assertThat(loss[1]).isLessThan(loss[0] * 0.4f);
        float[] unmerged = logits(lm);
        lm.method().merge();
        float[] merged = logits(lm);
        float[] mergedWeight = weight("transformer.h.0.attn.c_attn.weight");
        lm.method().unmerge();
        double mergeDiff = TorchReference.maxDiff(merged, unmerged);
        double restoreDiff = TorchReference.maxDiff(weight("transformer.h.0.attn.c_attn.weight"), before);
        System.out.printf("gpt2 LoRA merge: logits max abs diff %.3g, base weight restored to %.3g%n", mergeDiff, restoreDiff);
        assertThat(TorchReference.maxDiff(mergedWeight, before)).isGreaterThan(1e-3);
        assertThat(mergeDiff).isLessThanOrEqualTo(1e-5);
        assertThat(restoreDiff).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void shouldStartAtBaseAndLowerLossWhenAdaptersOnGpt2Blocks() {
        // Given the base loss, then bottleneck adapters after attention and MLP of both blocks
        float baseLoss = evalLoss(CausalLanguageModel.create(base, new MethodConfig.FullFineTuning(false), manager, 1));
        CausalLanguageModel lm = CausalLanguageModel.create(base, new MethodConfig.Adapter(8, "gelu"), manager, 1);
        assertThat(lm.trainableSlots().keySet()).contains("transformer.h.0.adapter_attention.down.weight",
                "transformer.h.1.adapter_ffn.up.weight");
        // When
        float start = evalLoss(lm);
        float[] loss = train(lm, 40, 1e-2f);
        // Then: near-identity at start, and it learns
        System.out.printf("tiny gpt2 adapters causal LM loss %.3f -> %.3f%n", loss[0], loss[1]);
        assertThat(start).isCloseTo(baseLoss, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(loss[1]).isLessThan(loss[0] * 0.5f);
    }

    private float[] weight(String name) {
        return base.backbone().slots().get(name).parameter().getArray().toFloatArray();
    }

    private float[] logits(CausalLanguageModel lm) {
        try (NDManager m = manager.newSubManager()) {
            LmBatch batch = lm.encode(TEXT, m);
            NDArray logits = lm.forward(batch.tokens(), false);
            return logits.toFloatArray();
        }
    }
}
