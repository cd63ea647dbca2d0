package io.tunestream.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.tunestream.model.arch.BertEncoder;
import io.tunestream.model.arch.HiddenStates;
import io.tunestream.model.arch.Pooling;
import io.tunestream.model.arch.TokenBatch;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Done-when: every bundled encoder loaded by our code from its ONNX initializers (mapped by following the graph,
 * shape read off the tensors) equals ONNX Runtime running the same file, on sentences of its language.
 */
class BundledOnnxParityTest {

    private static final Map<BundledModel, List<String>> SENTENCES = Map.of(
            BundledModel.ALL_MINILM_L6_V2, List.of(
                    "Congratulations! You have won a free cruise to the Bahamas, reply YES to claim.",
                    "Hi Anna, are we still meeting for lunch on Thursday?",
                    "The quarterly report is attached; please review sections 3 and 4 before the call.",
                    "URGENT: your account has been suspended, verify your password at the link below now",
                    "ok"),
            BundledModel.BGE_SMALL_ZH_V15, List.of(
                    "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
                    "恭喜您获得免费旅游大奖，请立即回复领取！",
                    "明天下午三点在会议室讨论第二季度的销售报告。",
                    "这款手机的电池续航时间长达48小时，支持无线充电。",
                    "好"));

    @ParameterizedTest(name = "{0}")
    @EnumSource(BundledModel.class)
    void shouldMatchOnnxRuntimeWhenLoadedFromBundledOnnx(BundledModel bundled) throws Exception {
        // Given
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel model = PretrainedModels.loadBundled(bundled, manager, 64)) {
            TokenBatch batch = model.tokenizer().encode(SENTENCES.get(bundled), manager);
            long[] shape = batch.inputIds().getShape().getShape();
            // When
            HiddenStates djl = model.backbone().forward(batch, false);
            float[] expected = onnxRuntime(bundled, batch, shape);
            // Then
            float[] actual = djl.hidden().toFloatArray();
            assertThat(actual).hasSameSizeAs(expected);
            double maxDiff = 0;
            for (int i = 0; i < actual.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            }
            System.out.printf("%s DJL vs ONNX Runtime: %d values, max abs diff %.3g%n", bundled.id(), actual.length,
                    maxDiff);
            assertThat(maxDiff).isLessThanOrEqualTo(1e-4);
            assertThat(batch.attentionMask().toLongArray()).contains(0L); // padding was exercised
            assertThat(batch.inputIds().toLongArray()).doesNotContain(100L); // no [UNK]: the vocabulary fits the text
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BundledModel.class)
    void shouldRecordTheModelCardsShapeAndPoolingWhenLoaded(BundledModel bundled) {
        // Given / When
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel model = PretrainedModels.loadBundled(bundled, manager, 64)) {
            // Then: shapes from the model cards (MiniLM: 6 x 384, 30522 words; BGE-small-zh: 4 x 512, 21128 words)
            BertEncoder encoder = (BertEncoder) model.backbone();
            boolean chinese = bundled == BundledModel.BGE_SMALL_ZH_V15;
            assertThat(encoder.config().numLayers()).isEqualTo(chinese ? 4 : 6);
            assertThat(encoder.config().hiddenSize()).isEqualTo(chinese ? 512 : 384);
            assertThat(encoder.config().vocabSize()).isEqualTo(chinese ? 21128 : 30522);
            assertThat(model.pooling()).isEqualTo(chinese ? Pooling.CLS : Pooling.MEAN);
            assertThat(BundledModel.byReference(bundled.reference())).contains(bundled);
        }
    }

    private static float[] onnxRuntime(BundledModel bundled, TokenBatch batch, long[] shape) throws Exception {
        byte[] onnx;
        try (InputStream in = BundledOnnxParityTest.class.getClassLoader().getResourceAsStream(bundled.onnxResource())) {
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
