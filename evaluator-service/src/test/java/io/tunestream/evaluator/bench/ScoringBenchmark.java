package io.tunestream.evaluator.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Task;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.arch.TokenBatch;
import io.tunestream.model.events.BaseModelReference;
import io.tunestream.model.events.EventMethods;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.model.events.TrainedModel;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.tokenize.TextTokenizer;
import io.tunestream.sampledata.SampleRecord;
import io.tunestream.sampledata.SpamAssassinAdapter;
import io.tunestream.sampledata.SpamAssassinCorpus;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Batch scoring throughput: 10,000 SpamAssassin texts (the corpus cycled), seq 128, batch 32, scored by the
 * evaluator's path (MiniLM + LoRA merged into the base weights + classification head, on DJL / PyTorch, tokenised
 * with the HF tokenizer) and by ONNX Runtime running the same all-MiniLM-L6-v2 ONNX file on the same token
 * batches, in one run with the same thread count. Tokenisation is counted on both sides.
 *
 * <p>{@code ./mvnw -pl evaluator-service -Pbench exec:java [-Dbench.texts=10000] [-Dbench.threads=2]
 * [-Dbench.weights=path/to/lora.safetensors]} (after {@code ./mvnw install -DskipTests}). Without weights, a
 * fresh LoRA (B = 0) with a random head is merged: the arithmetic is the same as for trained weights.
 */
public final class ScoringBenchmark {

    private static final int BATCH = 32;
    private static final int MAX_LENGTH = 128;
    private static final int CHUNK = 1_000;

    private ScoringBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("bench.texts", 10_000);
        int threads = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        DjlRuntime.configure();
        List<String> texts = texts(count);
        Path weights = weights(System.getProperty("bench.weights"));
        System.out.printf("scoring %,d SpamAssassin texts, seq %d, batch %d, %d threads%n", texts.size(), MAX_LENGTH,
                BATCH, threads);
        ModelSpec spec = new ModelSpec(BaseModelReference.BUNDLED_MINILM, Task.CLASSIFICATION,
                MethodConfig.newBuilder().setType(Method.LORA).build(), List.of("ham", "spam"), MAX_LENGTH);
        Path onnx = Files.createTempFile("minilm", ".onnx");
        try (InputStream in = PretrainedModels.class.getClassLoader().getResourceAsStream(PretrainedModels.MINILM_ONNX)) {
            Files.copy(in, onnx, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        try (TrainedModel model = TrainedModel.load(spec, weights, new BaseModelReference(), Device.cpu());
                NDManager manager = NDManager.newBaseManager();
                OrtSession session = env.createSession(onnx.toString(), options)) {
            TextTokenizer tokenizer = model.classifier().base().tokenizer();
            model.predict(texts.subList(0, BATCH * 2), BATCH); // warm-up both
            score(session, env, tokenizer, manager, texts.subList(0, BATCH * 2));
            // Alternate chunks of 1,000 texts: both sides see the same mix of quiet and busy moments.
            double oursSeconds = 0;
            double ortSeconds = 0;
            for (int from = 0; from < texts.size(); from += CHUNK) {
                List<String> chunk = texts.subList(from, Math.min(texts.size(), from + CHUNK));
                long t0 = System.nanoTime();
                int scored = model.predict(chunk, BATCH).size();
                long t1 = System.nanoTime();
                score(session, env, tokenizer, manager, chunk);
                long t2 = System.nanoTime();
                if (scored != chunk.size()) {
                    throw new IllegalStateException("scored " + scored + " of " + chunk.size());
                }
                oursSeconds += (t1 - t0) / 1e9;
                ortSeconds += (t2 - t1) / 1e9;
                int done = from + chunk.size();
                System.out.printf("%,6d texts: tunestream %.1f texts/s, ONNX Runtime %.1f texts/s%n", done,
                        done / oursSeconds, done / ortSeconds);
            }
            double ours = texts.size() / oursSeconds;
            double ort = texts.size() / ortSeconds;
            System.out.printf("tunestream (DJL/PyTorch, MiniLM + merged LoRA + head) %.1f texts/s, ONNX Runtime "
                    + "(same MiniLM ONNX, encoder only) %.1f texts/s: ratio %.2fx (goal >= 1.0x)%n", ours, ort, ours / ort);
        } finally {
            Files.deleteIfExists(onnx);
        }
    }

    private static void score(OrtSession session, OrtEnvironment env, TextTokenizer tokenizer, NDManager manager,
            List<String> texts) throws Exception {
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + BATCH));
            try (NDManager scratch = manager.newSubManager()) {
                TokenBatch tokens = tokenizer.encode(batch, scratch);
                long[] shape = tokens.inputIds().getShape().getShape();
                try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.inputIds().toLongArray()), shape);
                        OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.attentionMask().toLongArray()), shape);
                        OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.typeIds().toLongArray()), shape);
                        OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                                "token_type_ids", types))) {
                    if (result.size() == 0) {
                        throw new IllegalStateException("no output");
                    }
                }
            }
        }
    }

    private static List<String> texts(int count) throws Exception {
        List<String> corpus;
        try (Stream<SampleRecord> records = new SpamAssassinAdapter().records(SpamAssassinCorpus.fetch())) {
            corpus = records.map(SampleRecord::text).toList();
        }
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(corpus.get(i % corpus.size()));
        }
        return out;
    }

    private static Path weights(String given) throws Exception {
        if (given != null) {
            System.out.println("weights: " + given);
            return Path.of(given);
        }
        Path file = Files.createTempFile("lora-fresh", ".safetensors");
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel base = PretrainedModels.loadBundledMiniLm(manager, MAX_LENGTH)) {
            TextClassifier.create(base, EventMethods.toModel(MethodConfig.newBuilder().setType(Method.LORA).build()),
                    HeadConfig.classification(2), manager, 42).saveTrainable(file);
        }
        System.out.println("weights: a fresh LoRA r=8 (query, value) + head, merged (pass -Dbench.weights for trained ones)");
        return file;
    }
}
