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
 * <p>The machines it runs on are shared, so it runs in rounds: each round times every method on
 * both sides back to back (which side goes first alternates between rounds, so a drift in load
 * does not always hit the same side), and the table shows the median over rounds and each
 * round's ratio, so the spread is visible.
 *
 * <p>Arguments: {@code [--threads N] [--methods lora,adapter,prompt_tuning,full] [--rounds 3]
 * [--warmup 2] [--steps 5] [--batch 16] [--seq 128] [--python /usr/bin/python3] [--script
 * model/bench/pytorch_reference.py]}; {@code --python none} runs the DJL side only.
 */
public final class BenchmarkRunner {

    private static final double GOAL = 0.9;

    private BenchmarkRunner() {}

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("threads", String.valueOf(Runtime.getRuntime().availableProcessors()),
                "methods", "lora,adapter,prompt_tuning,full", "warmup", "2", "steps", "5", "batch", "16", "seq", "128",
                "python", "/usr/bin/python3", "script", Files.exists(Path.of("model/bench/pytorch_reference.py"))
                        ? "model/bench/pytorch_reference.py" : "bench/pytorch_reference.py", "rounds", "3"));
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length || !args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got: " + String.join(" ", args));
            }
            String key = args[i].substring(2);
            if (!opt.containsKey(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: " + opt.keySet());
            }
            opt.put(key, args[i + 1]);
        }
        boolean withTorch = !"none".equals(opt.get("python"));
        List<String> jobs = new ArrayList<>(List.of("matmul_fp32"));
        jobs.addAll(List.of(opt.get("methods").split(",")));
        Map<String, List<JsonObject>> djl = new LinkedHashMap<>();
        Map<String, List<JsonObject>> torch = new LinkedHashMap<>();
        int rounds = Integer.parseInt(opt.get("rounds"));
        for (int round = 0; round < rounds; round++) {
            for (String job : jobs) {
                boolean torchFirst = round % 2 == 0;
                if (withTorch && torchFirst) {
                    torch.computeIfAbsent(job, k -> new ArrayList<>()).add(pytorch(opt, job));
                }
                djl.computeIfAbsent(job, k -> new ArrayList<>()).add(child(opt, job));
                if (withTorch && !torchFirst) {
                    torch.computeIfAbsent(job, k -> new ArrayList<>()).add(pytorch(opt, job));
                }
                System.err.printf("round %d/%d: %s done%n", round + 1, rounds, job);
            }
        }
        print(opt, djl, torch);
    }

    private static JsonObject pytorch(Map<String, String> opt, String job) throws IOException, InterruptedException {
        boolean matmul = "matmul_fp32".equals(job);
        List<String> command = List.of(opt.get("python"), opt.get("script"), "--threads", opt.get("threads"),
                "--methods", matmul ? "" : job, "--matmul-size", matmul ? "2048" : "0", "--warmup", opt.get("warmup"),
                "--steps", opt.get("steps"), "--batch", opt.get("batch"), "--seq", opt.get("seq"));
        return only(byMethod(run(command)), job, "PyTorch");
    }

    private static JsonObject child(Map<String, String> opt, String method) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                StepBenchmark.class.getName(), method, opt.get("threads"), opt.get("warmup"), opt.get("steps"),
                opt.get("batch"), opt.get("seq"));
        return only(byMethod(run(command)), method, "DJL");
    }

    private static JsonObject only(Map<String, JsonObject> lines, String job, String side) {
        if (!lines.containsKey(job)) {
            throw new IllegalStateException(side + " benchmark printed no result for " + job);
        }
        return lines.get(job);
    }

    static List<String> run(List<String> command) throws IOException, InterruptedException {
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

    static Map<String, JsonObject> byMethod(List<String> lines) {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("{")) {
                JsonObject json = JsonParser.parseString(line).getAsJsonObject();
                out.put(json.get("method").getAsString(), json);
            }
        }
        return out;
    }

    /** The reference's BLAS as it reported it: the library's file name and OpenBLAS's kernel set. */
    static String blasOf(JsonObject torchLine) {
        String library = "unknown BLAS";
        if (torchLine.has("blas")) {
            for (var path : torchLine.getAsJsonArray("blas")) {
                String name = path.getAsString().substring(path.getAsString().lastIndexOf('/') + 1);
                if (!name.startsWith("libblas") && !name.startsWith("liblapack")) {
                    library = name;
                }
            }
        }
        var core = torchLine.get("blas_core");
        return core == null || core.isJsonNull() ? library : library + ", " + core.getAsString() + " kernels";
    }

    /** The median over rounds of one field, NaN when the side did not run. */
    private static double median(List<JsonObject> rounds, String field) {
        if (rounds == null || rounds.isEmpty()) {
            return Double.NaN;
        }
        return StepBenchmark.median(rounds.stream().map(o -> o.get(field).getAsDouble()).toList());
    }

    private static double max(List<JsonObject> rounds, String field) {
        return rounds == null ? Double.NaN : rounds.stream().mapToDouble(o -> o.get(field).getAsDouble()).max().orElse(Double.NaN);
    }

    private static void print(Map<String, String> opt, Map<String, List<JsonObject>> djl, Map<String, List<JsonObject>> torch) {
        double djlPeak = median(djl.get("matmul_fp32"), "gflops");
        double torchPeak = median(torch.get("matmul_fp32"), "gflops");
        double peak = Double.isNaN(torchPeak) ? djlPeak : Math.max(djlPeak, torchPeak);
        int rounds = djl.get("matmul_fp32").size();
        System.out.printf("MiniLM-L6 shape, batch %s, seq %s, %s threads, %d rounds (medians); fp32 matmul 2048: DJL %.1f GFLOP/s%s%n",
                opt.get("batch"), opt.get("seq"), opt.get("threads"), rounds, djlPeak, Double.isNaN(torchPeak) ? ""
                        : String.format(", PyTorch %.1f GFLOP/s (%s)", torchPeak, blasOf(torch.get("matmul_fp32").get(0))));
        System.out.printf("%-14s %9s %9s %6s %-16s %10s %10s %7s %7s %7s %7s%n", "method", "DJL ms", "torch ms", "ratio",
                "ratio per round", "DJL params", "torch prm", "DJL MB", "tch MB", "DJL pk%", "tch pk%");
        List<String> methods = new ArrayList<>(djl.keySet());
        methods.remove("matmul_fp32");
        List<String> missed = new ArrayList<>();
        for (String m : methods) {
            List<JsonObject> d = djl.get(m);
            List<JsonObject> t = torch.get(m);
            double dms = median(d, "ms_per_step");
            double tms = median(t, "ms_per_step");
            StringBuilder perRound = new StringBuilder();
            for (int r = 0; t != null && r < Math.min(d.size(), t.size()); r++) {
                perRound.append(perRound.length() == 0 ? "" : "/").append(String.format("%.2f",
                        d.get(r).get("ms_per_step").getAsDouble() / t.get(r).get("ms_per_step").getAsDouble()));
            }
            if (!(dms / tms <= GOAL)) {
                missed.add(m);
            }
            System.out.printf("%-14s %9.1f %9.1f %6.2f %-16s %10d %10s %7.0f %7.0f %6.1f%% %6.1f%%%n", m, dms, tms, dms / tms,
                    perRound.length() == 0 ? "-" : perRound, d.get(0).get("trainable_params").getAsLong(),
                    t == null ? "-" : t.get(0).get("trainable_params").getAsString(), max(d, "peak_rss_mb"),
                    max(t, "peak_rss_mb"), 100 * median(d, "achieved_gflops") / peak, 100 * median(t, "achieved_gflops") / peak);
        }
        System.out.printf("%nphases, ms (forward / backward / optimizer incl. zeroing), medians:%n");
        for (String m : methods) {
            System.out.printf("%-14s DJL %7.1f / %7.1f / %6.1f   PyTorch %7.1f / %7.1f / %6.1f%n", m,
                    median(djl.get(m), "forward_ms"), median(djl.get(m), "backward_ms"), median(djl.get(m), "optimizer_ms"),
                    median(torch.get(m), "forward_ms"), median(torch.get(m), "backward_ms"), median(torch.get(m), "optimizer_ms"));
        }
        System.out.println("ratio = DJL / PyTorch median step time (goal <= " + GOAL + "); pk% = achieved GFLOP/s / best matmul GFLOP/s");
        if (!torch.isEmpty()) {
            System.out.println(missed.isEmpty() ? "goal met for every method" : "goal missed for: " + String.join(", ", missed));
        }
        double loraMb = max(djl.get("lora"), "peak_rss_mb");
        double fullMb = max(djl.get("full"), "peak_rss_mb");
        if (!Double.isNaN(loraMb) && !Double.isNaN(fullMb)) {
            System.out.printf("DJL peak RSS: LoRA %.0f MB %s full fine-tuning %.0f MB%n", loraMb, loraMb < fullMb ? "<" : ">=", fullMb);
        }
    }
}
