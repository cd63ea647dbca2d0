package io.tunestream.model.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** Runs a plain-torch reference script of src/test/resources/reference on Debian's python3-torch. */
final class TorchReference {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private TorchReference() {}

    /** @return whether /usr/bin/python3 can import torch */
    static boolean available() throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /**
     * @param script file name under src/test/resources/reference
     * @param request the request, written to a JSON file passed as the only argument
     * @param dir where the request file goes
     * @return the script's JSON answer
     */
    static JsonObject run(String script, JsonObject request, Path dir) throws Exception {
        Path file = Files.createTempFile(dir, "request", ".json");
        Files.writeString(file, request.toString());
        Process p = new ProcessBuilder(PYTHON.toString(), "src/test/resources/reference/" + script, file.toString())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return JsonParser.parseString(out.trim()).getAsJsonObject();
    }

    /** @return a [rows, flat.length / rows] JSON array */
    static JsonArray rows(long[] flat, long rows) {
        JsonArray out = new JsonArray();
        int width = (int) (flat.length / rows);
        for (int r = 0; r < rows; r++) {
            JsonArray row = new JsonArray();
            Arrays.stream(flat, r * width, (r + 1) * width).forEach(row::add);
            out.add(row);
        }
        return out;
    }

    /** @return the JSON numbers as floats */
    static float[] floats(JsonElement array) {
        JsonArray values = array.getAsJsonArray();
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).getAsFloat();
        }
        return out;
    }

    /** @return max |a - b| over the logits [B * L, V] of positions whose mask is 1 */
    static double maxDiffOnTokens(float[] a, float[] b, long[] mask, int vocab) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int t = 0; t < mask.length; t++) {
            for (int v = 0; mask[t] == 1 && v < vocab; v++) {
                max = Math.max(max, Math.abs(a[t * vocab + v] - b[t * vocab + v]));
            }
        }
        return max;
    }

    /** @return max |a - b| */
    static double maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
