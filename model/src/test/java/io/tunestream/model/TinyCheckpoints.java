package io.tunestream.model;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.tunestream.model.arch.Backbone;
import io.tunestream.model.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes tiny random models in the Hugging Face layout for tests. */
public final class TinyCheckpoints {

    private TinyCheckpoints() {}

    /**
     * @param dir target directory
     * @param config config.json content
     * @param backbone an initialised backbone whose tensors are written
     * @param words vocabulary of a WordLevel tokenizer (ids 0..3 are special tokens)
     */
    public static void write(Path dir, JsonObject config, Backbone backbone, List<String> words) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        backbone.slots().forEach((name, slot) -> tensors.put(name, slot.parameter().getArray()));
        write(dir, config, tensors, words);
    }

    /**
     * As {@link #write(Path, JsonObject, Backbone, List)}, with the tensors given by HF name (e.g. rescaled ones).
     * A config without {@code architectures} gets the HF class of its {@code model_type}, as HF writes it.
     */
    public static void write(Path dir, JsonObject config, Map<String, NDArray> tensors, List<String> words)
            throws IOException {
        write(dir, config, tensors, wordLevelTokenizer(words));
    }

    /**
     * As {@link #write(Path, JsonObject, Backbone, List)}, with a tokenizer.json of the test's choosing (e.g. one of
     * {@link TinyTokenizers}).
     */
    public static void write(Path dir, JsonObject config, Backbone backbone, String tokenizerJson) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        backbone.slots().forEach((name, slot) -> tensors.put(name, slot.parameter().getArray()));
        write(dir, config, tensors, tokenizerJson);
    }

    /** As {@link #write(Path, JsonObject, Map, List)}, with a tokenizer.json of the test's choosing. */
    public static void write(Path dir, JsonObject config, Map<String, NDArray> tensors, String tokenizerJson)
            throws IOException {
        Files.createDirectories(dir);
        JsonObject written = config.deepCopy();
        String architecture = ARCHITECTURES.get(written.has("model_type") ? written.get("model_type").getAsString() : "");
        if (!written.has("architectures") && architecture != null) {
            JsonArray architectures = new JsonArray();
            architectures.add(architecture);
            written.add("architectures", architectures);
        }
        Files.writeString(dir.resolve("config.json"), written.toString());
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson);
    }

    private static final Map<String, String> ARCHITECTURES = Map.of("llama", "LlamaForCausalLM", "qwen2",
            "Qwen2ForCausalLM", "mistral", "MistralForCausalLM", "gpt2", "GPT2LMHeadModel", "bert", "BertModel",
            "roberta", "RobertaModel", "xlm-roberta", "XLMRobertaModel", "distilbert", "DistilBertModel");

    /** @return ids 0..3 for [PAD] [UNK] [CLS] [SEP], then the words; [CLS] x [SEP] template */
    public static String wordLevelTokenizer(List<String> words) {
        JsonObject vocab = new JsonObject();
        List<String> special = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]");
        JsonArray added = new JsonArray();
        for (int i = 0; i < special.size(); i++) {
            vocab.addProperty(special.get(i), i);
            JsonObject token = new JsonObject();
            token.addProperty("id", i);
            token.addProperty("content", special.get(i));
            token.addProperty("single_word", false);
            token.addProperty("lstrip", false);
            token.addProperty("rstrip", false);
            token.addProperty("normalized", false);
            token.addProperty("special", true);
            added.add(token);
        }
        words.stream().distinct().forEach(w -> vocab.addProperty(w, vocab.size()));
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordLevel");
        model.add("vocab", vocab);
        model.addProperty("unk_token", "[UNK]");
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", null);
        root.add("padding", null);
        root.add("added_tokens", added);
        root.add("normalizer", type("Lowercase"));
        root.add("pre_tokenizer", type("Whitespace"));
        root.add("post_processor", null);
        root.add("decoder", null);
        root.add("model", model);
        return root.toString();
    }

    /** @return the number of ids of {@link #wordLevelTokenizer} for these words */
    public static int vocabSize(List<String> words) {
        return 4 + (int) words.stream().distinct().count();
    }

    private static JsonObject type(String type) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        return o;
    }
}
