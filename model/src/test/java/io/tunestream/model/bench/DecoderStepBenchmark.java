package io.tunestream.model.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.FineTunable;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.arch.TokenBatch;
import io.tunestream.model.head.Losses;
import io.tunestream.model.optim.ParameterGroupAdamW;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.Peft;
import io.tunestream.model.peft.PeftMethod;
import io.tunestream.model.training.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Times one causal-LM fine-tuning step (forward + backward + AdamW + zero grads) of a LLaMA-shaped
 * decoder with random weights, LoRA (r 8, alpha 16, dropout 0, on q_proj and v_proj) or full
 * fine-tuning, with the trainer's optimizer and {@link TrainingStep}; the inputs, shapes and FLOP count
 * are those of {@code model/bench/llama_step_reference.py}, and it prints one JSON line in that
 * script's format. {@link DecoderBenchmarkRunner} runs it per method in a child JVM beside the script.
 *
 * <p>Arguments: {@code method} (lora, full or matmul_fp32) then the runner's options as {@code --name
 * value} pairs (threads, warmup, steps, batch, seq, hidden, layers, heads, kv-heads, intermediate, vocab).
 */
public final class DecoderStepBenchmark {

    private DecoderStepBenchmark() {}

    /** @param args method, then options */
    public static void main(String[] args) throws Exception {
        String method = args[0];
        Map<String, String> opt = Options.parse(java.util.Arrays.copyOfRange(args, 1, args.length), DecoderBenchmarkRunner.DEFAULTS);
        int threads = Integer.parseInt(opt.get("threads"));
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        DjlRuntime.configure();
        if ("matmul_fp32".equals(method)) {
            System.out.println(StepBenchmark.matmul(2048, 5, threads));
            return;
        }
        int batch = Integer.parseInt(opt.get("batch"));
        int seq = Integer.parseInt(opt.get("seq"));
        DecoderConfig config = config(opt, seq);
        try (NDManager manager = NDManager.newBaseManager()) {
            LlamaDecoder decoder = new LlamaDecoder(config);
            decoder.initializeUnset(manager);
            PeftMethod peft = Peft.apply(decoder, methodConfig(method), null, manager, 0);
            Optimizer adamW = ParameterGroupAdamW.builder().parameters(FineTunable.parameterList(peft.trainableSlots()))
                    .noDecay(name -> false).learningRate(Tracker.fixed(1e-4f)).optWeightDecays(0.01f).build();
            long[] ids = new Random(0).longs((long) batch * seq, 4, config.vocabSize()).toArray();
            List<Double> times = new ArrayList<>();
            List<Double> forward = new ArrayList<>();
            List<Double> backward = new ArrayList<>();
            List<Double> update = new ArrayList<>();
            float loss = 0;
            int warmup = Integer.parseInt(opt.get("warmup"));
            for (int step = 0; step < warmup + Integer.parseInt(opt.get("steps")); step++) {
                boolean timed = step >= warmup;
                long start = System.nanoTime();
                loss = TrainingStep.run(manager, peft.trainableSlots().values(), adamW, m -> {
                    Shape shape = new Shape(batch, seq);
                    TokenBatch tokens = new TokenBatch(m.create(ids, shape), m.ones(shape, DataType.INT64),
                            m.zeros(shape, DataType.INT64));
                    return Losses.causalLm(decoder.logits(decoder.forward(tokens, true).hidden()), tokens.inputIds(),
                            tokens.attentionMask());
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
            double ms = StepBenchmark.median(times);
            double gflop = trainGflop(method, config, batch, seq, 8);
            System.out.printf(Locale.ROOT, "{\"method\": \"%s\", \"ms_per_step\": %.2f, \"forward_ms\": %.2f, "
                    + "\"backward_ms\": %.2f, \"optimizer_ms\": %.2f, \"trainable_params\": %d, \"peak_rss_mb\": %.1f, "
                    + "\"train_gflop\": %.2f, \"achieved_gflops\": %.2f, \"tokens_per_s\": %.1f, \"threads\": %d, "
                    + "\"steps\": %d, \"final_loss\": %.4f}%n", method, ms, StepBenchmark.median(forward),
                    StepBenchmark.median(backward), StepBenchmark.median(update), peft.trainableParameterCount(),
                    StepBenchmark.peakRssMb(), gflop, gflop / (ms / 1000), batch * seq / (ms / 1000), threads, times.size(),
                    loss);
        }
    }

    static DecoderConfig config(Map<String, String> opt, int seq) {
        return new DecoderConfig("llama", Integer.parseInt(opt.get("vocab")), Integer.parseInt(opt.get("hidden")),
                Integer.parseInt(opt.get("layers")), Integer.parseInt(opt.get("heads")), Integer.parseInt(opt.get("kv-heads")),
                Integer.parseInt(opt.get("intermediate")), Math.max(seq, 2048), 1e-6, 10000.0, false, false);
    }

    static MethodConfig methodConfig(String method) {
        return switch (method) {
            case "lora" -> new MethodConfig.Lora(8, 16, 0, List.of("q_proj", "v_proj"));
            case "full" -> new MethodConfig.FullFineTuning(false);
            default -> throw new IllegalArgumentException("unknown method " + method + " (lora, full)");
        };
    }

    /**
     * Same estimate as llama_step_reference.py. Forward = 2 FLOPs per multiply-add of every dense
     * weight per token (q, k, v, o, gate, up, down per layer and the untied LM head; the embedding
     * lookup is free) + attention 4 B S^2 H per layer (QK^T and PV, the full square). Full fine-tuning
     * = 3 x forward (activation and weight gradients); LoRA = 2 x forward (activation gradients only,
     * down to the first layer) + 3 x the LoRA matmuls' own forward.
     */
    static double trainGflop(String method, DecoderConfig c, int batch, int seq, int rank) {
        double tokens = (double) batch * seq;
        double h = c.hiddenSize();
        double kv = (double) c.numKvHeads() * c.headSize();
        double perLayer = 2 * h * h + 2 * h * kv + 3 * h * c.intermediateSize();
        double dense = 2 * tokens * (perLayer * c.numLayers() + h * c.vocabSize());
        double attention = 4.0 * batch * seq * (double) seq * h * c.numLayers();
        double forward = dense + attention;
        if (!"lora".equals(method)) {
            return 3 * forward / 1e9;
        }
        double lora = 2 * tokens * c.numLayers() * rank * ((h + h) + (h + kv));
        return (2 * forward + 3 * lora) / 1e9;
    }
}
