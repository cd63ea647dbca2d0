package io.tunestream.model.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks our files against Debian's PyTorch ({@code /usr/bin/python3}, package python3-torch):
 * Debian ships no safetensors module, so {@code crosscheck.py} parses the format by its spec and lets
 * torch do the F16/BF16 rounding and decoding. Skipped, with the reason, where torch is not installed.
 */
@Timeout(120)
class SafetensorsPythonCrossCheckTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @BeforeAll
    static void requireDebianTorch() throws Exception {
        boolean present = Files.isExecutable(Path.of(PYTHON)) && run(List.of(PYTHON, "-c", "import torch")).exitCode == 0;
        assumeTrue(present, "Debian python3-torch is not installed (apt-get install python3-torch); "
                + "the cross-check with an independent reader is skipped");
    }

    @Test
    void shouldMatchTorchsRoundingBitForBitWhenPythonReadsOurFiles() throws Exception {
        // Given random tensors written as F32, F16 and BF16 (plus an int64 vector)
        Map<String, Path> files = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(3);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("encoder.layer.0.weight", manager.randomNormal(new Shape(17, 9)).mul(manager.full(new Shape(), 50f)));
            tensors.put("encoder.layer.0.bias", manager.randomUniform(-1e-3f, 1e-3f, new Shape(9)));
            tensors.put("ids", manager.arange(0L, 5L, 1L, DataType.INT64));
            for (SafetensorsDtype dtype : List.of(SafetensorsDtype.F32, SafetensorsDtype.F16, SafetensorsDtype.BF16)) {
                files.put(dtype.name(), dir.resolve(dtype.name() + ".safetensors"));
                SafetensorsWriter.write(files.get(dtype.name()), tensors, Map.of("format", "pt"), dtype);
            }
        }

        // When Python parses them and compares F16/BF16 with torch's own rounding of the F32 values
        Result result = run(List.of(PYTHON, script().toString(), "verify", files.get("F32").toString(),
                files.get("F16").toString(), files.get("BF16").toString()));

        // Then the layout is valid and every value is bit-identical to torch's conversion
        assertThat(result.exitCode).as(result.output).isZero();
        JsonObject report = JsonParser.parseString(result.output.strip()).getAsJsonObject();
        assertThat(report.get("ok").getAsBoolean()).isTrue();
        assertThat(report.get("tensors_checked").getAsInt()).isEqualTo(6);
        assertThat(report.getAsJsonObject("metadata").get("format").getAsString()).isEqualTo("pt");
    }

    @Test
    void shouldDecodeLikeTorchWhenJavaReadsPythonsFile() throws Exception {
        // Given a file Python wrote with torch's BF16/F16/F32/I64 encodings, and its decoded values
        Path file = dir.resolve("python.safetensors");
        Result result = run(List.of(PYTHON, script().toString(), "write", file.toString()));
        assertThat(result.exitCode).as(result.output).isZero();
        JsonObject expected = JsonParser.parseString(result.output.strip()).getAsJsonObject();

        // When Java reads it
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = SafetensorsReader.read(file, manager);

            // Then names, shapes and every value agree exactly
            assertThat(tensors.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (Map.Entry<String, JsonElement> entry : expected.entrySet()) {
                NDArray array = tensors.get(entry.getKey());
                JsonObject want = entry.getValue().getAsJsonObject();
                assertThat(array.getShape().getShape()).containsExactly(longs(want.getAsJsonArray("shape")));
                double[] values = array.toType(DataType.FLOAT64, false).toDoubleArray();
                assertThat(values).as(entry.getKey()).containsExactly(doubles(want.getAsJsonArray("values")));
            }
        }
    }

    private Path script() throws IOException {
        Path script = dir.resolve("crosscheck.py");
        try (InputStream in = getClass().getResourceAsStream("/safetensors/crosscheck.py")) {
            Files.copy(in, script);
        }
        return script;
    }

    private static long[] longs(JsonArray array) {
        long[] result = new long[array.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = array.get(i).getAsLong();
        }
        return result;
    }

    private static double[] doubles(JsonArray array) {
        double[] result = new double[array.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = array.get(i).getAsDouble();
        }
        return result;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
