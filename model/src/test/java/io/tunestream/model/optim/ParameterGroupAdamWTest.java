package io.tunestream.model.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterGroupAdamWTest {

    private static final double LR = 0.1;
    private static final double WD = 0.05;
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private ParameterGroupAdamW optimizer() {
        return optimizer(true);
    }

    /** @param fused whether libtorch's fused kernel may be used (false: always composed operations) */
    private ParameterGroupAdamW optimizer(boolean fused) {
        return ParameterGroupAdamW.builder().fused(fused)
                .parameterNames(Map.of("w", "encoder.layer.0.attention.self.query.weight",
                        "b", "encoder.layer.0.attention.self.query.bias",
                        "ln", "encoder.layer.0.output.LayerNorm.weight"))
                .learningRate(ai.djl.training.tracker.Tracker.fixed((float) LR))
                .optWeightDecays((float) WD).betas((float) B1, (float) B2).epsilon((float) EPS).build();
    }

    /** torch.optim.AdamW's documented algorithm, in double precision, as the reference. */
    private static double[] referenceAdamW(double[] w, double[][] grads, double weightDecay) {
        double[] param = w.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        for (int t = 1; t <= grads.length; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = grads[t - 1][i];
                param[i] *= 1 - LR * weightDecay;
                m[i] = B1 * m[i] + (1 - B1) * g;
                v[i] = B2 * v[i] + (1 - B2) * g * g;
                double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(B2, t)) + EPS;
                param[i] -= LR / (1 - Math.pow(B1, t)) * m[i] / denominator;
            }
        }
        return param;
    }

    @ParameterizedTest(name = "fused {0}")
    @ValueSource(booleans = {true, false})
    void shouldMatchTorchAdamWFormulaWhenStepping3TimesOnTinyTensor(boolean fused) {
        // Given a decayed weight and three different gradients, one of them tiny (where eps matters)
        double[] start = {0.5, -1.25, 2.0, 1e-3};
        double[][] grads = {{0.1, -0.2, 0.3, 1e-7}, {-0.05, 0.4, 0.0, 2e-7}, {0.2, 0.1, -0.3, -1e-7}};
        NDArray weight = manager.create(toFloats(start));
        ParameterGroupAdamW adamW = optimizer(fused);

        // When three updates run
        for (double[] grad : grads) {
            try (NDArray g = manager.create(toFloats(grad))) {
                adamW.update("w", weight, g);
            }
        }

        // Then the weight equals the reference within float32 rounding
        double[] expected = referenceAdamW(start, grads, WD);
        float[] actual = weight.toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-6 + 1e-6 * Math.abs(expected[i])));
        }
    }

    @ParameterizedTest(name = "fused {0}")
    @ValueSource(booleans = {true, false})
    void shouldDecayOnlyWeightsWhenGradientIsZero(boolean fused) {
        // Given a weight, a bias and a LayerNorm weight with zero gradients
        NDArray weight = manager.create(new float[] {1f, -2f});
        NDArray bias = manager.create(new float[] {1f, -2f});
        NDArray norm = manager.create(new float[] {1f, -2f});
        ParameterGroupAdamW adamW = optimizer(fused);

        // When one update runs for each
        adamW.update("w", weight, manager.zeros(new Shape(2)));
        adamW.update("b", bias, manager.zeros(new Shape(2)));
        adamW.update("ln", norm, manager.zeros(new Shape(2)));

        // Then only the weight shrank by (1 - lr*wd); bias and LayerNorm are bit-identical
        assertThat(weight.toFloatArray()).containsExactly((float) (1 - LR * WD), (float) (-2 * (1 - LR * WD)));
        assertThat(bias.toFloatArray()).containsExactly(1f, -2f);
        assertThat(norm.toFloatArray()).containsExactly(1f, -2f);
        assertThat(adamW.decays("w")).isTrue();
        assertThat(adamW.decays("ln")).isFalse();
    }

    @ParameterizedTest(name = "fused {0}")
    @ValueSource(booleans = {true, false})
    void shouldMatchReferenceWithoutDecayWhenParameterIsBias(boolean fused) {
        // Given a bias, which must follow plain Adam (weight decay 0)
        double[] start = {0.3, -0.7};
        double[][] grads = {{0.5, -0.5}, {0.25, 0.1}};
        NDArray bias = manager.create(toFloats(start));
        ParameterGroupAdamW adamW = optimizer(fused);

        // When
        for (double[] grad : grads) {
            adamW.update("b", bias, manager.create(toFloats(grad)));
        }

        // Then
        double[] expected = referenceAdamW(start, grads, 0.0);
        assertThat((double) bias.toFloatArray()[0]).isCloseTo(expected[0], within(1e-6));
        assertThat((double) bias.toFloatArray()[1]).isCloseTo(expected[1], within(1e-6));
    }

    @Test
    void shouldRefuseParameterWhenItsNameIsUnknown() {
        // Given an optimizer that was not told the name of parameter "x"
        ParameterGroupAdamW adamW = optimizer();
        NDArray weight = manager.ones(new Shape(2));

        // When / Then: no silent default
        assertThatThrownBy(() -> adamW.update("x", weight, manager.ones(new Shape(2))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ParameterList");
    }

    @ParameterizedTest(name = "fused {0}")
    @ValueSource(booleans = {true, false})
    void shouldZeroTheWeightsGradientWhenUpdated(boolean fused) {
        // Given a weight with a gradient from a backward pass (libtorch accumulates until zeroed)
        NDArray weight = manager.create(new float[] {1f, 2f});
        weight.setRequiresGradient(true);
        try (ai.djl.training.GradientCollector collector = manager.getEngine().newGradientCollector()) {
            collector.backward(weight.mul(weight).sum());
        }
        ParameterGroupAdamW adamW = optimizer(fused);

        // When updated with that gradient
        try (NDArray gradient = weight.getGradient(); NDArray copy = gradient.duplicate()) {
            assertThat(copy.toFloatArray()).containsExactly(2f, 4f);
            adamW.update("w", weight, copy);
        }

        // Then the weight's gradient is zero, as after DJL's own optimizers
        try (NDArray gradient = weight.getGradient()) {
            assertThat(gradient.toFloatArray()).containsExactly(0f, 0f);
        }
    }

    @Test
    void shouldUseLibtorchsFusedKernelWhenTheBundledLibtorchHasIt() {
        // Given DJL's libtorch (2.5.1, which has torch._fused_adamw_ on CPU)
        // When optimizers are built with and without the kernel, and with element-wise clipping (which it cannot do)
        ParameterGroupAdamW clipping = ParameterGroupAdamW.builder().optClipGrad(1f)
                .parameterNames(Map.of("w", "dense.weight")).build();

        // Then the default one uses it; the other two compose their updates
        assertThat(optimizer().isFused()).isTrue();
        assertThat(optimizer(false).isFused()).isFalse();
        assertThat(clipping.isFused()).isFalse();
    }

    @Test
    void shouldAgreeWithTheComposedUpdateWhenTheFusedKernelUpdatesManyTensorsInOneCall() {
        // Given the same three parameters (two decayed matrices, one bias) for a fused and a composed optimizer
        java.util.Random random = new java.util.Random(7);
        Map<String, Shape> shapes = Map.of("w", new Shape(64, 48), "ln", new Shape(48), "b", new Shape(48));
        java.util.List<String> ids = java.util.List.of("w", "ln", "b");
        Map<String, NDArray> fusedWeights = new java.util.HashMap<>();
        Map<String, NDArray> composedWeights = new java.util.HashMap<>();
        Map<String, float[]> initial = new java.util.HashMap<>();
        for (String id : ids) {
            float[] values = randomFloats(random, (int) shapes.get(id).size());
            initial.put(id, values);
            fusedWeights.put(id, manager.create(values, shapes.get(id)));
            composedWeights.put(id, manager.create(values, shapes.get(id)));
        }
        ParameterGroupAdamW fusedOptimizer = optimizer(true);
        ParameterGroupAdamW composedOptimizer = optimizer(false);

        // When five steps run, all tensors at once on one side and one at a time on the other
        for (int step = 0; step < 5; step++) {
            java.util.List<NDArray> gradients = new java.util.ArrayList<>();
            for (String id : ids) {
                gradients.add(manager.create(randomFloats(random, (int) shapes.get(id).size()), shapes.get(id)));
            }
            fusedOptimizer.updateAll(ids, ids.stream().map(fusedWeights::get).toList(), gradients);
            for (int i = 0; i < ids.size(); i++) {
                composedOptimizer.update(ids.get(i), composedWeights.get(ids.get(i)), gradients.get(i));
            }
        }

        // Then both sides hold the same weights to float32 rounding, and the weights did move
        for (String id : ids) {
            float[] fused = fusedWeights.get(id).toFloatArray();
            float[] composed = composedWeights.get(id).toFloatArray();
            for (int i = 0; i < fused.length; i++) {
                assertThat(fused[i]).as("%s[%d]", id, i).isCloseTo(composed[i], within(1e-6f + 1e-6f * Math.abs(composed[i])));
            }
        }
        for (String id : ids) {
            assertThat(fusedWeights.get(id).toFloatArray()).as(id).isNotEqualTo(initial.get(id));
        }
        assertThat(fusedOptimizer.state()).containsOnlyKeys(composedOptimizer.state().keySet());
    }

    @Test
    void shouldOwnCopiesOfTheMomentsWhenRestoredSoTheSourceMayBeFreed() {
        // Given an optimizer's moments after one step, saved as state() names them
        ParameterGroupAdamW trained = optimizer();
        NDArray weight = manager.create(new float[] {1f, 2f, 3f});
        trained.update("w", weight, manager.create(new float[] {0.5f, -1f, 2f}));
        Map<String, float[]> saved = new java.util.TreeMap<>();
        trained.state().forEach((name, moment) -> saved.put(name, moment.toFloatArray()));

        // When another optimizer restores them from tensors of a scratch manager (as read from a checkpoint file:
        // arrays over Java memory), and that manager's arrays change and are closed
        ParameterGroupAdamW resumed = ParameterGroupAdamW.builder()
                .parameterNames(Map.of("w", "encoder.layer.0.attention.self.query.weight")).build();
        try (NDManager scratch = manager.newSubManager()) {
            Map<String, NDArray> source = new java.util.HashMap<>();
            saved.forEach((name, values) -> source.put(name, scratch.create(values)));
            resumed.restore(source, manager);
            source.values().forEach(a -> a.addi(scratch.full(a.getShape(), 100f)));
        }

        // Then the restored moments are the saved ones: copies, not views of memory the source's owner frees
        // (DJL's toDevice(sameDevice, copy=true) returns such a view: libtorch's to() does not copy on one device)
        Map<String, float[]> restored = new java.util.TreeMap<>();
        resumed.state().forEach((name, moment) -> restored.put(name, moment.toFloatArray()));
        assertThat(restored).containsOnlyKeys(saved.keySet());
        saved.forEach((name, values) -> assertThat(restored.get(name)).as(name).containsExactly(values));
    }

    private static float[] randomFloats(java.util.Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    static float[] toFloats(double[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
        }
        return result;
    }
}
