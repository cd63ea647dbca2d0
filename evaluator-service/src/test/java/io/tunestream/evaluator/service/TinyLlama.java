package io.tunestream.evaluator.service;

import ai.djl.ndarray.NDManager;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.LmExample;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.optim.LearningRateSchedules;
import io.tunestream.model.optim.ParameterGroupAdamW;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.training.TrainingStep;
import java.nio.file.Path;
import java.util.List;

/**
 * A tiny random Llama in the Hugging Face layout (config.json, model.safetensors, a WordLevel tokenizer.json whose
 * ids 0..3 are [PAD] [UNK] [CLS] [SEP], BOS = [CLS], EOS = [SEP]), and full fine-tuning of it on causal-LM examples
 * with the modelling library, saving the trained tensors as the trainer does.
 */
final class TinyLlama {

    static final int MAX_LENGTH = 32;

    private TinyLlama() {
    }

    /** Writes a random model over these words into {@code dir}. */
    static void write(Path dir, List<String> words) throws Exception {
        DjlRuntime.configure();
        DecoderConfig config = new DecoderConfig("llama", TinyCheckpoints.vocabSize(words), 32, 2, 4, 2,
                64, 64, 1e-6, 10000.0, false, false, 2, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            LlamaDecoder random = new LlamaDecoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(dir, config.toJson(), random, words);
        }
    }

    /**
     * Fully fine-tunes the model in {@code dir} on {@code examples} (one batch of all of them per step).
     *
     * @return the loss of the first and of the last step
     */
    static float[] fineTune(Path dir, List<LmExample> examples, int steps, Path weights) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel base = PretrainedModels.loadHuggingFace(dir, manager, MAX_LENGTH)) {
            CausalLanguageModel lm = CausalLanguageModel.create(base, new MethodConfig.FullFineTuning(false), manager,
                    42);
            ParameterGroupAdamW adamW = ParameterGroupAdamW.builder().parameters(lm.trainableParameters())
                    .learningRate(LearningRateSchedules.constant(1e-2f, 0)).build();
            float first = Float.NaN;
            float last = Float.NaN;
            for (int step = 0; step < steps; step++) {
                last = TrainingStep.run(manager, lm.trainableSlots().values(), adamW,
                        m -> lm.loss(lm.encode(examples, m), true), 1.0);
                first = step == 0 ? last : first;
            }
            lm.saveTrainable(weights);
            return new float[] {first, last};
        }
    }
}
