package io.tunestream.model.bench;

import ai.djl.ndarray.NDManager;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.generate.Continuation;
import io.tunestream.model.generate.GenerationSettings;
import io.tunestream.model.generate.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Generation speed with the KV cache against recomputing the whole sequence per token, on a
 * LLaMA-shaped decoder with random weights: the same random prompts, greedy, {@code --new} tokens per
 * row (EOS ignored, so every row makes all of them), batched in both modes. Prints new tokens per
 * second of each mode (median over rounds, each mode timed once per round, after one untimed warm-up
 * run of 4 tokens), the speed-up, and whether both modes chose the same tokens.
 *
 * <p>Arguments: {@code [--hidden 896] [--layers 8] [--heads 14] [--kv-heads 2] [--intermediate 4864]
 * [--vocab 32000] [--batch 4] [--prompt 32] [--new 128] [--rounds 1] [--threads N]}.
 */
public final class GenerationBenchmark {

    private GenerationBenchmark() {}

    /** @param args see the class comment */
    public static void main(String[] args) {
        Map<String, String> opt = Options.parse(args, Map.of("hidden", "896", "layers", "8", "heads", "14", "kv-heads", "2",
                "intermediate", "4864", "vocab", "32000", "batch", "4", "prompt", "32", "new", "128", "rounds", "1"));
        int threads = Integer.parseInt(opt.get("threads"));
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        DjlRuntime.configure();
        int newTokens = Integer.parseInt(opt.get("new"));
        int batch = Integer.parseInt(opt.get("batch"));
        int promptLength = Integer.parseInt(opt.get("prompt"));
        DecoderConfig config = new DecoderConfig("llama", Integer.parseInt(opt.get("vocab")), Integer.parseInt(opt.get("hidden")),
                Integer.parseInt(opt.get("layers")), Integer.parseInt(opt.get("heads")), Integer.parseInt(opt.get("kv-heads")),
                Integer.parseInt(opt.get("intermediate")), promptLength + newTokens, 1e-6, 10000.0, false, false);
        try (NDManager manager = NDManager.newBaseManager()) {
            LlamaDecoder decoder = new LlamaDecoder(config);
            decoder.initializeUnset(manager);
            Random random = new Random(0);
            List<long[]> prompts = new ArrayList<>();
            for (int r = 0; r < batch; r++) {
                prompts.add(random.longs(promptLength, 4, config.vocabSize()).toArray());
            }
            Generator cached = new Generator(decoder, null);
            Generator recomputing = Generator.withoutCache(decoder, null);
            GenerationSettings settings = new GenerationSettings(newTokens, 0, 0, 1, 0, false);
            cached.continueTokens(prompts, new GenerationSettings(4, 0, 0, 1, 0, false), manager);
            recomputing.continueTokens(prompts, new GenerationSettings(4, 0, 0, 1, 0, false), manager);
            List<Double> withCache = new ArrayList<>();
            List<Double> without = new ArrayList<>();
            boolean same = true;
            for (int round = 0; round < Integer.parseInt(opt.get("rounds")); round++) {
                long start = System.nanoTime();
                List<Continuation> a = cached.continueTokens(prompts, settings, manager);
                withCache.add((System.nanoTime() - start) / 1e9);
                start = System.nanoTime();
                List<Continuation> b = recomputing.continueTokens(prompts, settings, manager);
                without.add((System.nanoTime() - start) / 1e9);
                for (int r = 0; r < batch; r++) {
                    same &= java.util.Arrays.equals(a.get(r).tokenIds(), b.get(r).tokenIds());
                }
            }
            double tokens = (double) batch * newTokens;
            double fast = tokens / StepBenchmark.median(withCache);
            double slow = tokens / StepBenchmark.median(without);
            System.out.printf(Locale.ROOT, "LLaMA shape hidden %d, %d layers, %d/%d heads, intermediate %d, vocab %d; "
                    + "batch %d, prompt %d, %d new tokens, greedy, %d threads, %s rounds (medians)%n", config.hiddenSize(),
                    config.numLayers(), config.numHeads(), config.numKvHeads(), config.intermediateSize(), config.vocabSize(),
                    batch, promptLength, newTokens, threads, opt.get("rounds"));
            System.out.printf(Locale.ROOT, "with KV cache:    %8.1f new tokens/s (%.2f s per batch)%n", fast, tokens / fast);
            System.out.printf(Locale.ROOT, "without (recompute): %5.1f new tokens/s (%.2f s per batch)%n", slow, tokens / slow);
            System.out.printf(Locale.ROOT, "speed-up %.1fx (goal >= 5x: %s); same tokens in both modes: %s%n", fast / slow,
                    fast / slow >= 5 ? "met" : "missed", same);
        }
    }
}
