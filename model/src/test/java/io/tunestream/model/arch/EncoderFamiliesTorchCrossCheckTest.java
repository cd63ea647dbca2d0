package io.tunestream.model.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.TinyTokenizers;
import io.tunestream.model.export.PeftAdapterExport;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.export.PeftLoraExport;
import io.tunestream.model.safetensors.SafetensorsReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tiny random BERT, RoBERTa, XLM-RoBERTa and DistilBERT checkpoints, written in the Hugging Face layout of each
 * family (task-model prefixes included), give the logits of a plain-torch transcription of HF's modelling code
 * (src/test/resources/reference/encoder_reference.py on Debian's python3-torch); skipped where that is missing.
 */
class EncoderFamiliesTorchCrossCheckTest {

    private static final List<String> WORDS = List.of("the", "cat", "sat", "on", "mat", "dog", "runs", "home");
    private static final List<String> TEXTS = List.of("the cat sat on the mat", "dog runs home", "the dog");

    /** A family, its tokenizer kind, the prefix its task checkpoints carry, the head's pooling, LoRA targets. */
    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of("roberta", TinyTokenizers.bytePairEncoding(WORDS), "roberta.", Pooling.CLS,
                        List.of("query", "value")),
                Arguments.of("xlm-roberta", TinyTokenizers.unigram(WORDS), "", Pooling.MEAN, List.of("query", "value")),
                Arguments.of("distilbert", TinyTokenizers.wordPiece(WORDS), "distilbert.", Pooling.CLS,
                        List.of("q_lin", "v_lin")),
                Arguments.of("bert", TinyTokenizers.wordPiece(WORDS), "bert.", Pooling.MEAN, List.of("query", "value")));
    }

    /** @return a 2-layer, 32-wide config of the family, sized to the tokenizer */
    static EncoderConfig config(String modelType, String tokenizer) {
        EncoderFamily family = EncoderFamily.of(modelType);
        int pad = family.paddingOffsetPositions() ? 1 : 0;
        int types = family == EncoderFamily.DISTILBERT ? 0 : family.paddingOffsetPositions() ? 1 : 2;
        return new EncoderConfig(modelType, TinyTokenizers.vocabSize(tokenizer), 32, 2, 4, 64, 40, types, 1e-12, 0.1,
                0.1, pad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    @Timeout(120)
    void shouldGiveTorchLogitsWhenLoadedFromFamilyCheckpoint(String modelType, String tokenizer, String prefix,
            Pooling pooling, List<String> targets, @TempDir Path dir) throws Exception {
        assumeTrue(TorchReference.available(), "Debian python3-torch not installed");
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given a random checkpoint saved as the family's task model would save it
            EncoderConfig config = config(modelType, tokenizer);
            Path model = writeCheckpoint(dir.resolve("model"), config, prefix, tokenizer, manager);
            try (PretrainedModel base = PretrainedModels.loadHuggingFace(model, manager, 32)) {
                TextClassifier classifier = TextClassifier.create(base, new MethodConfig.Lora(4, 8, 0.0, targets),
                        HeadConfig.classification(3).withPooling(pooling), manager, 7);
                randomiseLoraB(classifier, manager);
                TokenBatch batch = base.tokenizer().encode(TEXTS, manager);
                float[] ours = classifier.forward(batch, false).toFloatArray();
                float[] hidden = classifier.method().backbone().forward(batch, false).hidden().toFloatArray();
                // When torch runs HF's modelling code with the exported PEFT adapter merged in
                Path head = dir.resolve("head.safetensors");
                classifier.saveTrainable(head);
                Path adapter = dir.resolve("adapter");
                PeftAdapterExport.write(classifier, "tiny-" + modelType, "FEATURE_EXTRACTION", adapter);
                JsonObject answer = TorchReference.run("encoder_reference.py", request(model, batch, pooling, head, adapter),
                        dir);
                // Then
                double max = TorchReference.maxDiff(ours, TorchReference.floats(answer.get("logits")));
                double maxHidden = TorchReference.maxDiffOnTokens(hidden, TorchReference.floats(answer.get("hidden")),
                        batch.attentionMask().toLongArray(), config.hiddenSize());
                System.out.printf("%s (%s pooling, LoRA via PEFT export): max abs diff vs torch: logits %.3g, "
                        + "last hidden state %.3g%n", modelType, pooling, max, maxHidden);
                assertThat(batch.attentionMask().toLongArray()).contains(0L);
                assertThat(max).isLessThanOrEqualTo(1e-5);
                assertThat(maxHidden).isLessThanOrEqualTo(1e-5);
                String layers = config.family().names().layers();
                String query = config.family().names().query();
                assertThat(SafetensorsReader.header(adapter.resolve(PeftLoraExport.WEIGHTS_FILE)).tensors().keySet())
                        .hasSize(2 * 2 * 2)
                        .contains("base_model.model." + layers + "0." + query + ".lora_A.weight",
                                "base_model.model." + layers + "1." + config.family().names().value() + ".lora_B.weight");
            }
        }
    }

    private static Path writeCheckpoint(Path dir, EncoderConfig config, String prefix, String tokenizer,
            NDManager manager) throws Exception {
        BertEncoder random = new BertEncoder(config);
        random.initializeUnset(manager);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        random.slots().forEach((name, slot) -> tensors.put(prefix + name, slot.parameter().getArray()));
        TinyCheckpoints.write(dir, config.toJson(), tensors, tokenizer);
        return dir;
    }

    private static void randomiseLoraB(TextClassifier classifier, NDManager manager) {
        classifier.trainableSlots().forEach((name, slot) -> {
            if (name.endsWith("lora_B.weight")) {
                slot.assign(manager.randomNormal(0, 0.5f, slot.shape(), DataType.FLOAT32), "test");
            }
        });
    }

    private static JsonObject request(Path model, TokenBatch batch, Pooling pooling, Path head, Path adapter) {
        JsonObject request = new JsonObject();
        request.addProperty("model_dir", model.toString());
        request.add("ids", TorchReference.rows(batch.inputIds().toLongArray(), batch.batchSize()));
        request.add("mask", TorchReference.rows(batch.attentionMask().toLongArray(), batch.batchSize()));
        request.add("types", TorchReference.rows(batch.typeIds().toLongArray(), batch.batchSize()));
        request.addProperty("pooling", pooling.name());
        request.addProperty("head_file", head.toString());
        request.addProperty("peft_dir", adapter.toString());
        return request;
    }
}
