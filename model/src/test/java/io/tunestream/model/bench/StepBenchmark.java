package io.tunestream.model.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.arch.Pooling;
import io.tunestream.model.arch.TokenBatch;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.optim.ParameterGroupAdamW;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.training.TrainingStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Times one fine-tuning step (forward + backward + AdamW + zero grads) of the bundled MiniLM
 * for one method, with the trainer's optimizer ({@link ParameterGroupAdamW}) and
 * {@link TrainingStep}, each phase timed too, with the inputs and FLOP count of {@code model/bench/pytorch_reference.py},
 * and prints one JSON line in that script's format. {@link BenchmarkRunner} runs it per method in
 * child JVMs beside the PyTorch script.
 */
public final class StepBenchmark {

    private StepBenchmark() {}

    /**
     * @param args method, threads, warmup, steps, batch, seq
     */
    public static void main(String[] args) throws Exception {
        String method = args[0];
        int threads = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        int seq = Integer.parseInt(args[5]);
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        DjlRuntime.configure();
        if ("matmul_fp32".equals(method)) {
            System.out.println(matmul(2048, 5, threads));
            return;
        }
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel base = PretrainedModels.loadBundledMiniLm(manager, seq)) {
            HeadConfig head = new HeadConfig(HeadConfig.Task.CLASSIFICATION, 2, Pooling.MEAN, 0.1, null);
            TextClassifier classifier = TextClassifier.create(base, config(method), head, manager, 0);
            // the trainer's optimizer; decay 0.01 on every trainable tensor, as the reference's torch.optim.AdamW
            Optimizer adamW = ParameterGroupAdamW.builder().parameters(classifier.trainableParameters())
                    .noDecay(name -> false).learningRate(Tracker.fixed(1e-4f)).optWeightDecays(0.01f).build();
            Random random = new Random(0);
            long[] ids = random.longs((long) batch * seq, 1000, 30522).toArray();
            long[] mask = new long[batch * seq];
            Arrays.fill(mask, 1);
            for (int b = 0; b < batch / 2; b++) {
                Arrays.fill(mask, b * seq + seq * 3 / 4, (b + 1) * seq, 0);
            }
            long[] labels = random.longs(batch, 0, 2).toArray();
            List<Double> times = new ArrayList<>();
            List<Double> forward = new ArrayList<>();
            List<Double> backward = new ArrayList<>();
            List<Double> update = new ArrayList<>();
            float loss = 0;
            for (int step = 0; step < warmup + steps; step++) {
                boolean timed = step >= warmup;
                long start = System.nanoTime();
                loss = TrainingStep.run(manager, classifier.trainableSlots().values(), adamW, m -> {
                    Shape shape = new Shape(batch, seq);
                    NDArray zeros = m.zeros(shape, ai.djl.ndarray.types.DataType.INT64);
                    TokenBatch tokens = new TokenBatch(m.create(ids, shape), m.create(mask, shape), zeros);
                    return classifier.loss(classifier.forward(tokens, true), m.create(labels));
                }, 0, (f, b, u) -> {
                    if (timed) {
                        forward.add(f / 1e6);
                        backward.add(b / 1e6);
                        update.add(u / 1e6);
                    }
                });
                if (timed) {
                    times.add((System.nanoTime() - start) / 1e6);
                }
            }
            double ms = median(times);
            double gflop = trainGflop(method, batch, seq);
            System.out.printf(java.util.Locale.ROOT,
                    "{\"method\": \"%s\", \"ms_per_step\": %.2f, \"forward_ms\": %.2f, \"backward_ms\": %.2f, "
                            + "\"optimizer_ms\": %.2f, \"trainable_params\": %d, \"peak_rss_mb\": %.1f, "
                            + "\"train_gflop\": %.2f, \"achieved_gflops\": %.2f, \"threads\": %d, \"steps\": %d, "
                            + "\"final_loss\": %.4f}%n",
                    method, ms, median(forward), median(backward), median(update), classifier.trainableParameterCount(),
                    peakRssMb(), gflop, gflop / (ms / 1000), threads, steps, loss);
        }
    }

    static MethodConfig config(String method) {
        return switch (method) {
            case "lora" -> new MethodConfig.Lora(8, 16, 0.1, List.of("query", "value"));
            case "adapter" -> new MethodConfig.Adapter(64, "gelu");
            case "prompt_tuning" -> new MethodConfig.PromptTuning(20, null);
            case "full" -> new MethodConfig.FullFineTuning(false);
            default -> throw new IllegalArgumentException("unknown method " + method);
        };
    }

    /** Same estimate as pytorch_reference.py (MiniLM shape). */
    static double trainGflop(String method, int batch, int seq) {
        int hidden = 384;
        int tokensPerRow = seq + ("prompt_tuning".equals(method) ? 20 : 0);
        double tokens = (double) batch * tokensPerRow;
        double perToken = 4.0 * hidden * hidden + 2.0 * hidden * 1536;
        perToken += "lora".equals(method) ? 2 * 2 * 8 * hidden : 0;
        perToken += "adapter".equals(method) ? 2 * 2 * 64 * hidden : 0;
        double forward = (2 * tokens * perToken * 6 + 2.0 * 2 * batch * tokensPerRow * (double) tokensPerRow * hidden * 6) / 1e9;
        return forward * ("full".equals(method) ? 3.0 : 2.0);
    }

    static String matmul(int n, int repeats, int threads) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(n, n));
            NDArray y = manager.randomNormal(new Shape(n, n));
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < repeats + 2; i++) {
                long start = System.nanoTime();
                x.matMul(y).close();
                if (i >= 2) {
                    times.add((System.nanoTime() - start) / 1e9);
                }
            }
            double s = median(times);
            return String.format(java.util.Locale.ROOT, "{\"method\": \"matmul_fp32\", \"n\": %d, \"ms\": %.2f, "
                    + "\"gflops\": %.2f, \"threads\": %d}", n, s * 1000, 2.0 * n * n * n / s / 1e9, threads);
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double peakRssMb() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }
}
