package io.tunestream.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.tunestream.model.arch.HiddenStates;
import io.tunestream.model.arch.TokenBatch;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Done-when: DJL MiniLM from the bundled ONNX initializers equals ONNX Runtime on the same file. */
class MiniLmOnnxParityTest {

    private static final List<String> SENTENCES = List.of(
            "Congratulations! You have won a free cruise to the Bahamas, reply YES to claim.",
            "Hi Anna, are we still meeting for lunch on Thursday?",
            "The quarterly report is attached; please review sections 3 and 4 before the call.",
            "URGENT: your account has been suspended, verify your password at the link below now",
            "ok");

    @Test
    void shouldMatchOnnxRuntimeWhenLoadedFromBundledOnnx() throws Exception {
        // Given
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel model = PretrainedModels.loadBundledMiniLm(manager, 64)) {
            TokenBatch batch = model.tokenizer().encode(SENTENCES, manager);
            long[] shape = batch.inputIds().getShape().getShape();
            // When
            HiddenStates djl = model.backbone().forward(batch, false);
            float[] expected = onnxRuntime(batch, shape);
            // Then
            float[] actual = djl.hidden().toFloatArray();
            assertThat(actual).hasSameSizeAs(expected);
            double maxDiff = 0;
            for (int i = 0; i < actual.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            }
            System.out.printf("MiniLM DJL vs ONNX Runtime: %d values, max abs diff %.3g%n", actual.length, maxDiff);
            assertThat(maxDiff).isLessThanOrEqualTo(1e-4);
            assertThat(batch.attentionMask().toLongArray()).contains(0L); // padding was exercised
        }
    }

    private static float[] onnxRuntime(TokenBatch batch, long[] shape) throws Exception {
        byte[] onnx;
        try (InputStream in = MiniLmOnnxParityTest.class.getClassLoader()
                .getResourceAsStream(PretrainedModels.MINILM_ONNX)) {
            onnx = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.inputIds().toLongArray()), shape);
                OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.attentionMask().toLongArray()), shape);
                OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.typeIds().toLongArray()), shape);
                OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
            float[][][] out = (float[][][]) result.get("last_hidden_state").orElseThrow().getValue();
            float[] flat = new float[(int) (shape[0] * shape[1] * out[0][0].length)];
            int k = 0;
            for (float[][] row : out) {
                for (float[] token : row) {
                    System.arraycopy(token, 0, flat, k, token.length);
                    k += token.length;
                }
            }
            return flat;
        }
    }
}
