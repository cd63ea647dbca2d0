package io.tunestream.model.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * Runs torch.optim.AdamW itself (Debian python3-torch, /usr/bin/python3) on the same tensor and
 * gradients, two parameter groups (decay 0.1 and 0.0), and compares, with libtorch's fused kernel
 * and with the composed update. Skipped where torch is absent.
 */
@Timeout(120)
class AdamWTorchCrossCheckTest {

    private static final String SCRIPT = String.join("\n",
            "import json, torch",
            "w = torch.nn.Parameter(torch.tensor([0.5, -1.25, 2.0, 1e-3]))",
            "b = torch.nn.Parameter(torch.tensor([0.3, -0.7]))",
            "opt = torch.optim.AdamW([{'params': [w], 'weight_decay': 0.1}, {'params': [b], 'weight_decay': 0.0}],",
            "                        lr=0.05, betas=(0.9, 0.999), eps=1e-8)",
            "gw = [[0.1, -0.2, 0.3, 1e-7], [-0.05, 0.4, 0.0, 2e-7], [0.2, 0.1, -0.3, -1e-7], [1.0, 1.0, 1.0, 1.0]]",
            "gb = [[0.5, -0.5], [0.25, 0.1], [0.0, 0.0], [-1.0, 2.0]]",
            "for i in range(4):",
            "    w.grad = torch.tensor(gw[i]); b.grad = torch.tensor(gb[i]); opt.step()",
            "print(json.dumps({'w': w.tolist(), 'b': b.tolist()}))");

    @ParameterizedTest(name = "fused kernel {0}")
    @ValueSource(booleans = {true, false})
    void shouldMatchTorchOptimAdamWWhenBothRunTheSameFourSteps(boolean fused) throws Exception {
        // Given torch's result for 4 steps of AdamW with a decayed and a non-decayed group
        String torchOutput = runTorch();
        var expected = JsonParser.parseString(torchOutput).getAsJsonObject();

        // When our optimizer runs the same steps
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {0.5f, -1.25f, 2.0f, 1e-3f});
            NDArray b = manager.create(new float[] {0.3f, -0.7f});
            ParameterGroupAdamW adamW = ParameterGroupAdamW.builder().fused(fused)
                    .parameterNames(Map.of("w", "dense.weight", "b", "dense.bias"))
                    .learningRate(Tracker.fixed(0.05f)).optWeightDecays(0.1f).build();
            float[][] gw = {{0.1f, -0.2f, 0.3f, 1e-7f}, {-0.05f, 0.4f, 0f, 2e-7f}, {0.2f, 0.1f, -0.3f, -1e-7f}, {1f, 1f, 1f, 1f}};
            float[][] gb = {{0.5f, -0.5f}, {0.25f, 0.1f}, {0f, 0f}, {-1f, 2f}};
            for (int i = 0; i < 4; i++) {
                adamW.update("w", w, manager.create(gw[i]));
                adamW.update("b", b, manager.create(gb[i]));
            }

            // Then both agree with torch to float32 rounding
            assertClose(w.toFloatArray(), expected.getAsJsonArray("w"));
            assertClose(b.toFloatArray(), expected.getAsJsonArray("b"));
        }
    }

    private static void assertClose(float[] actual, JsonArray expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < actual.length; i++) {
            double want = expected.get(i).getAsDouble();
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(want, within(2e-6 + 2e-6 * Math.abs(want)));
        }
    }

    private static String runTorch() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3: torch cross-check skipped");
        Process process = new ProcessBuilder(List.of(python.toString(), "-c", SCRIPT)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assumeTrue(!output.contains("No module named 'torch'"),
                "Debian python3-torch is not installed (apt-get install python3-torch): torch cross-check skipped");
        assertThat(process.exitValue()).as(output).isZero();
        return output.strip();
    }
}
