package io.tunestream.model.peft.export;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code adapter_config.json} as PEFT writes it ({@code json.dumps(indent=2, sort_keys=True)}), limited
 * to keys every PEFT LoraConfig since 0.3 accepts, so older PEFT versions load it too.
 */
final class PeftConfigJson {

    private PeftConfigJson() {
    }

    static String write(PeftLoraConfig config) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.setIndent("  ");
            json.setSerializeNulls(true);
            json.beginObject();
            json.name("base_model_name_or_path").value(config.baseModelNameOrPath());
            json.name("bias").value("none");
            json.name("fan_in_fan_out").value(config.fanInFanOut());
            json.name("inference_mode").value(true);
            json.name("init_lora_weights").value(true);
            json.name("lora_alpha");
            number(json, config.alpha());
            json.name("lora_dropout").value(config.dropout());
            json.name("modules_to_save");
            stringsOrNull(json, config.modulesToSave());
            json.name("peft_type").value("LORA");
            json.name("r").value(config.rank());
            json.name("revision").nullValue();
            json.name("target_modules");
            stringsOrNull(json, config.targetModules());
            json.name("task_type").value(config.taskType());
            json.endObject();
        }
        return text + "\n";
    }

    private static void number(JsonWriter json, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            json.value((long) value);
        } else {
            json.value(value);
        }
    }

    private static void stringsOrNull(JsonWriter json, List<String> values) throws IOException {
        if (values.isEmpty()) {
            json.nullValue();
            return;
        }
        json.beginArray();
        for (String value : values) {
            json.value(value);
        }
        json.endArray();
    }

    static PeftLoraConfig read(Path file) throws IOException {
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(file + ": not a JSON object: " + e.getMessage(), e);
        }
        String peftType = string(root, "peft_type");
        if (!"LORA".equals(peftType)) {
            throw new IOException(file + ": peft_type is '" + peftType + "', only LORA adapters can be read");
        }
        try {
            return new PeftLoraConfig(root.get("r").getAsInt(), root.get("lora_alpha").getAsDouble(),
                    root.has("lora_dropout") ? root.get("lora_dropout").getAsDouble() : 0.0,
                    strings(root.get("target_modules")), string(root, "base_model_name_or_path"),
                    string(root, "task_type"), strings(root.get("modules_to_save")),
                    root.has("fan_in_fan_out") && root.get("fan_in_fan_out").getAsBoolean());
        } catch (RuntimeException e) {
            throw new IOException(file + ": invalid LoRA adapter config: " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject root, String key) {
        JsonElement value = root.get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    /** PEFT allows a list of names or a single regex string; both come back as a list. */
    private static List<String> strings(JsonElement value) {
        List<String> result = new ArrayList<>();
        if (value == null || value.isJsonNull()) {
            return result;
        }
        if (value.isJsonPrimitive()) {
            result.add(value.getAsString());
            return result;
        }
        JsonArray array = value.getAsJsonArray();
        array.forEach(item -> result.add(item.getAsString()));
        return result;
    }
}
