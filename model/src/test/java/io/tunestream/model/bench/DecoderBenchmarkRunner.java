package io.tunestream.model.bench;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The decoder fine-tuning step benchmark: LoRA (r 8 on q_proj, v_proj) and full fine-tuning of a
 * LLaMA-shaped decoder with random weights, DJL ({@link DecoderStepBenchmark}, a child JVM per method)
 * beside a plain PyTorch eager transcription ({@code model/bench/llama_step_reference.py}, same
 * threads, shapes, inputs, dropout 0, FLOP formula). Prints per method ms/step, tokens/s, the ratio
 * DJL / PyTorch, and achieved GFLOP/s as a fraction of the 2048 x 2048 fp32 matmul rate DJL reaches in
 * the same run (the goal: LoRA at 70% of it or more).
 *
 * <p>Arguments: see {@link #DEFAULTS} ({@code --name value}); {@code --python none} runs the DJL side only.
 * The default shape is Qwen2-0.5B's body with a 32000-token vocabulary; {@code --layers 2 --seq 128}
 * gives a quick run.
 */
public final class DecoderBenchmarkRunner {

    /** Options and their defaults. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("methods", "lora,full"),
            Map.entry("rounds", "1"), Map.entry("warmup", "1"), Map.entry("steps", "3"), Map.entry("batch", "4"),
            Map.entry("seq", "256"), Map.entry("hidden", "896"), Map.entry("layers", "24"), Map.entry("heads", "14"),
            Map.entry("kv-heads", "2"), Map.entry("intermediate", "4864"), Map.entry("vocab", "32000"),
            Map.entry("python", "/usr/bin/python3"), Map.entry("script", Files.exists(Path.of("model/bench/llama_step_reference.py"))
                    ? "model/bench/llama_step_reference.py" : "bench/llama_step_reference.py"));

    private static final double GOAL = 0.7;
    private static final List<String> SHAPE = List.of("threads", "warmup", "steps", "batch", "seq", "hidden", "layers",
            "heads", "kv-heads", "intermediate", "vocab");

    private DecoderBenchmarkRunner() {}

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Options.parse(args, DEFAULTS);
        boolean withTorch = !"none".equals(opt.get("python"));
        List<String> jobs = new ArrayList<>(List.of("matmul_fp32"));
        jobs.addAll(List.of(opt.get("methods").split(",")));
        Map<String, List<JsonObject>> djl = new LinkedHashMap<>();
        Map<String, List<JsonObject>> torch = new LinkedHashMap<>();
        int rounds = Integer.parseInt(opt.get("rounds"));
        for (int round = 0; round < rounds; round++) {
            for (String job : jobs) {
                boolean torchFirst = round % 2 == 0; // alternate, so drifting load does not always hit one side
                if (withTorch && torchFirst) {
                    torch.computeIfAbsent(job, k -> new ArrayList<>()).add(side(pythonCommand(opt, job), job, "PyTorch"));
                }
                djl.computeIfAbsent(job, k -> new ArrayList<>()).add(side(javaCommand(opt, job), job, "DJL"));
                if (withTorch && !torchFirst) {
                    torch.computeIfAbsent(job, k -> new ArrayList<>()).add(side(pythonCommand(opt, job), job, "PyTorch"));
                }
                System.err.printf("round %d/%d: %s done%n", round + 1, rounds, job);
            }
        }
        print(opt, djl, torch);
    }

    private static List<String> pythonCommand(Map<String, String> opt, String job) {
        List<String> command = new ArrayList<>(List.of(opt.get("python"), opt.get("script"), "--methods",
                "matmul_fp32".equals(job) ? "" : job, "--matmul-size", "matmul_fp32".equals(job) ? "2048" : "0"));
        SHAPE.forEach(k -> command.addAll(List.of("--" + k, opt.get(k))));
        return command;
    }

    private static List<String> javaCommand(Map<String, String> opt, String job) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                DecoderStepBenchmark.class.getName(), job));
        SHAPE.forEach(k -> command.addAll(List.of("--" + k, opt.get(k))));
        return command;
    }

    private static JsonObject side(List<String> command, String job, String side) throws Exception {
        Map<String, JsonObject> lines = BenchmarkRunner.byMethod(BenchmarkRunner.run(command));
        if (!lines.containsKey(job)) {
            throw new IllegalStateException(side + " benchmark printed no result for " + job);
        }
        return lines.get(job);
    }

    private static double median(List<JsonObject> rounds, String field) {
        return rounds == null || rounds.isEmpty() ? Double.NaN
                : StepBenchmark.median(rounds.stream().map(o -> o.get(field).getAsDouble()).toList());
    }

    private static void print(Map<String, String> opt, Map<String, List<JsonObject>> djl, Map<String, List<JsonObject>> torch) {
        double peak = median(djl.get("matmul_fp32"), "gflops");
        double torchPeak = median(torch.get("matmul_fp32"), "gflops");
        System.out.printf(Locale.ROOT, "LLaMA shape hidden %s, %s layers, %s/%s heads, intermediate %s, vocab %s; batch %s, "
                + "seq %s; %s threads, %d round(s), medians%n", opt.get("hidden"), opt.get("layers"), opt.get("heads"),
                opt.get("kv-heads"), opt.get("intermediate"), opt.get("vocab"), opt.get("batch"), opt.get("seq"),
                opt.get("threads"), djl.get("matmul_fp32").size());
        System.out.printf(Locale.ROOT, "fp32 matmul 2048: DJL %.1f GFLOP/s%s%n", peak, Double.isNaN(torchPeak) ? ""
                : String.format(Locale.ROOT, ", PyTorch %.1f GFLOP/s (%s)", torchPeak,
                        BenchmarkRunner.blasOf(torch.get("matmul_fp32").get(0))));
        System.out.printf("%-6s %9s %9s %6s %9s %9s %9s %8s %8s %12s%n", "method", "DJL ms", "torch ms", "ratio", "DJL tok/s",
                "DJL GF/s", "tch GF/s", "DJL pk%", "tch pk%", "params");
        for (String m : djl.keySet()) {
            if ("matmul_fp32".equals(m)) {
                continue;
            }
            double dms = median(djl.get(m), "ms_per_step");
            double tms = median(torch.get(m), "ms_per_step");
            double dg = median(djl.get(m), "achieved_gflops");
            double tg = median(torch.get(m), "achieved_gflops");
            System.out.printf(Locale.ROOT, "%-6s %9.1f %9.1f %6.2f %9.1f %9.1f %9.1f %7.1f%% %7.1f%% %12d%n", m, dms, tms,
                    dms / tms, median(djl.get(m), "tokens_per_s"), dg, tg, 100 * dg / peak, 100 * tg / peak,
                    djl.get(m).get(0).get("trainable_params").getAsLong());
            System.out.printf(Locale.ROOT, "       phases ms (forward / backward / optimizer): DJL %.1f / %.1f / %.1f, "
                    + "PyTorch %.1f / %.1f / %.1f; DJL peak RSS %.0f MB%n", median(djl.get(m), "forward_ms"),
                    median(djl.get(m), "backward_ms"), median(djl.get(m), "optimizer_ms"), median(torch.get(m), "forward_ms"),
                    median(torch.get(m), "backward_ms"), median(torch.get(m), "optimizer_ms"), median(djl.get(m), "peak_rss_mb"));
        }
        System.out.println("ratio = DJL / PyTorch ms per step; pk% = achieved GFLOP/s / DJL's 2048 fp32 matmul GFLOP/s; "
                + "GFLOP per step: see DecoderStepBenchmark.trainGflop");
        double lora = median(djl.get("lora"), "achieved_gflops") / peak;
        if (!Double.isNaN(lora)) {
            System.out.printf(Locale.ROOT, "LoRA at %.0f%% of the matmul rate: goal (>= %.0f%%) %s%n", 100 * lora, 100 * GOAL,
                    lora >= GOAL ? "met" : "missed");
        }
    }
}
