package io.tunestream.evaluator.it;

import ai.djl.ndarray.NDManager;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.optim.LearningRateSchedules;
import io.tunestream.model.optim.ParameterGroupAdamW;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.training.TrainingStep;
import io.tunestream.testsupport.PreparedDatasets.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Real LoRA weights for the evaluator tests, trained here with the modelling library on the train rows of the
 * test's dataset: the untrained initialisation (B = 0, a random head: the "step 0" checkpoint) and the weights
 * after a few dozen AdamW steps.
 */
final class LoraWeights {

    static final int MAX_LENGTH = 64;
    static final List<String> LABELS = List.of("ham", "spam");

    private LoraWeights() {
    }

    /**
     * @param train labelled rows
     * @param steps optimizer steps (batch 16)
     * @param untrained where the step-0 weights go
     * @param trained where the trained weights go
     * @return the loss of the first and last step
     */
    static float[] train(List<Row> train, int steps, Path untrained, Path trained) throws Exception {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel base = PretrainedModels.loadBundledMiniLm(manager, MAX_LENGTH)) {
            TextClassifier clf = TextClassifier.create(base, MethodConfig.Lora.defaults(),
                    HeadConfig.classification(LABELS.size()), manager, 42);
            clf.saveTrainable(untrained);
            ParameterGroupAdamW adamW = ParameterGroupAdamW.builder().parameters(clf.trainableParameters())
                    .learningRate(LearningRateSchedules.cosine(2e-3f, 4, steps)).build();
            List<Row> order = new ArrayList<>(train);
            Random random = new Random(7);
            float first = Float.NaN;
            float last = Float.NaN;
            for (int step = 0; step < steps; step++) {
                if (step * 16 % order.size() < 16) {
                    Collections.shuffle(order, random);
                }
                int from = step * 16 % order.size();
                List<Row> batch = order.subList(from, Math.min(order.size(), from + 16));
                List<String> texts = batch.stream().map(Row::text).toList();
                long[] labels = batch.stream().mapToLong(r -> LABELS.indexOf(r.label())).toArray();
                last = TrainingStep.run(manager, clf.trainableSlots().values(), adamW,
                        m -> clf.loss(clf.forward(clf.encode(texts, m), true), m.create(labels)), 1.0);
                first = step == 0 ? last : first;
            }
            clf.saveTrainable(trained);
            return new float[] {first, last};
        }
    }
}
