package io.tunestream.model.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fine-tuning step benchmark: for each method, DJL (a child JVM per method, so peak RSS is
 * the method's own) beside plain PyTorch eager ({@code model/bench/pytorch_reference.py}, same
 * threads, same shapes), printing ms/step, ratio, trainable parameters, peak RSS and achieved
 * GFLOP/s as a fraction of a large fp32 matmul measured in the same run.
 *
 * <p>Arguments: {@code [--threads N] [--methods lora,adapter,prompt_tuning,full] [--warmup 2]
 * [--steps 5] [--batch 16] [--seq 128] [--python /usr/bin/python3] [--script
 * model/bench/pytorch_reference.py]}; {@code --python none} runs the DJL side only.
 */
public final class BenchmarkRunner {

    private BenchmarkRunner() {}

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("threads", String.valueOf(Runtime.getRuntime().availableProcessors()),
                "methods", "lora,adapter,prompt_tuning,full", "warmup", "2", "steps", "5", "batch", "16", "seq", "128",
                "python", "/usr/bin/python3", "script", Files.exists(Path.of("model/bench/pytorch_reference.py"))
                        ? "model/bench/pytorch_reference.py" : "bench/pytorch_reference.py"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Map<String, JsonObject> torch = "none".equals(opt.get("python")) ? Map.of() : pytorch(opt);
        Map<String, JsonObject> djl = new LinkedHashMap<>();
        djl.put("matmul_fp32", child(opt, "matmul_fp32"));
        for (String method : opt.get("methods").split(",")) {
            djl.put(method, child(opt, method));
        }
        print(opt, djl, torch);
    }

    private static Map<String, JsonObject> pytorch(Map<String, String> opt) throws IOException, InterruptedException {
        List<String> command = List.of(opt.get("python"), opt.get("script"), "--threads", opt.get("threads"),
                "--methods", opt.get("methods"), "--warmup", opt.get("warmup"), "--steps", opt.get("steps"),
                "--batch", opt.get("batch"), "--seq", opt.get("seq"));
        return byMethod(run(command));
    }

    private static JsonObject child(Map<String, String> opt, String method) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                StepBenchmark.class.getName(), method, opt.get("threads"), opt.get("warmup"), opt.get("steps"),
                opt.get("batch"), opt.get("seq"));
        Map<String, JsonObject> lines = byMethod(run(command));
        if (!lines.containsKey(method)) {
            throw new IllegalStateException("DJL benchmark child printed no result for " + method);
        }
        return lines.get(method);
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("bench", ".jsonl");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int rc = process.waitFor();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        Files.delete(out);
        if (rc != 0) {
            throw new IllegalStateException("command failed (" + rc + "): " + String.join(" ", command));
        }
        return lines;
    }

    private static Map<String, JsonObject> byMethod(List<String> lines) {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("{")) {
                JsonObject json = JsonParser.parseString(line).getAsJsonObject();
                out.put(json.get("method").getAsString(), json);
            }
        }
        return out;
    }

    private static void print(Map<String, String> opt, Map<String, JsonObject> djl, Map<String, JsonObject> torch) {
        double djlPeak = djl.get("matmul_fp32").get("gflops").getAsDouble();
        JsonObject torchMatmul = torch.get("matmul_fp32");
        double peak = torchMatmul != null ? Math.max(djlPeak, torchMatmul.get("gflops").getAsDouble()) : djlPeak;
        System.out.printf("MiniLM-L6 shape, batch %s, seq %s, %s threads; fp32 matmul 2048: DJL %.1f GFLOP/s%s%n",
                opt.get("batch"), opt.get("seq"), opt.get("threads"), djlPeak,
                torchMatmul == null ? "" : String.format(", PyTorch %.1f GFLOP/s", torchMatmul.get("gflops").getAsDouble()));
        System.out.printf("%-14s %10s %10s %7s %12s %12s %9s %9s %8s %8s%n", "method", "DJL ms", "torch ms", "ratio",
                "DJL params", "torch params", "DJL MB", "torch MB", "DJL pk%", "torch pk%");
        List<String> methods = new ArrayList<>(djl.keySet());
        methods.remove("matmul_fp32");
        for (String m : methods) {
            JsonObject d = djl.get(m);
            JsonObject t = torch.get(m);
            double dms = d.get("ms_per_step").getAsDouble();
            double tms = t == null ? Double.NaN : t.get("ms_per_step").getAsDouble();
            System.out.printf("%-14s %10.1f %10.1f %7.2f %12d %12s %9.0f %9s %7.1f%% %7s%n", m, dms, tms, dms / tms,
                    d.get("trainable_params").getAsLong(), t == null ? "-" : t.get("trainable_params").getAsString(),
                    d.get("peak_rss_mb").getAsDouble(), t == null ? "-" : t.get("peak_rss_mb").getAsString(),
                    100 * d.get("achieved_gflops").getAsDouble() / peak,
                    t == null ? "-" : String.format("%.1f%%", 100 * t.get("achieved_gflops").getAsDouble() / peak));
        }
        System.out.println("ratio = DJL / PyTorch step time (goal <= 0.9); pk% = achieved GFLOP/s / best matmul GFLOP/s");
    }
}
