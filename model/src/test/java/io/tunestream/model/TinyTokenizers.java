package io.tunestream.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small {@code tokenizer.json} files of the three kinds the encoder families use, written the way Hugging Face's
 * converters write them: WordPiece with BERT's normaliser and {@code [CLS] x [SEP]} (BERT, DistilBERT), byte-level
 * BPE with {@code <s> x </s>} and {@code <pad>} = 1 (RoBERTa), SentencePiece Unigram with Metaspace and
 * {@code <s> x </s>} (XLM-RoBERTa).
 */
public final class TinyTokenizers {

    private TinyTokenizers() {}

    /**
     * @param words whole words (lower case); each also gets its first three letters and a {@code ##} rest
     * @return a WordPiece tokenizer: [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, then the pieces
     */
    public static String wordPiece(List<String> words) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]").forEach(t -> vocab.put(t, vocab.size()));
        for (String w : words) {
            vocab.putIfAbsent(w, vocab.size());
            if (w.length() > 3) {
                vocab.putIfAbsent(w.substring(0, 3), vocab.size());
                vocab.putIfAbsent("##" + w.substring(3), vocab.size());
            }
        }
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordPiece");
        model.addProperty("unk_token", "[UNK]");
        model.addProperty("continuing_subword_prefix", "##");
        model.addProperty("max_input_chars_per_word", 100);
        model.add("vocab", object(vocab));
        JsonObject normalizer = type("BertNormalizer");
        normalizer.addProperty("clean_text", true);
        normalizer.addProperty("handle_chinese_chars", true);
        normalizer.add("strip_accents", null);
        normalizer.addProperty("lowercase", true);
        JsonObject post = type("BertProcessing");
        post.add("sep", pair("[SEP]", 3));
        post.add("cls", pair("[CLS]", 2));
        return root(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]"), normalizer, type("BertPreTokenizer"), post, model);
    }

    /**
     * @param words words to merge whole (lower-case letters); a word not listed falls apart into letters
     * @return a byte-level BPE tokenizer: {@code <s>} 0, {@code <pad>} 1, {@code </s>} 2, {@code <unk>} 3, the
     *     letters a-z, {@code Ġ} (a space), then each merge's result
     */
    public static String bytePairEncoding(List<String> words) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List.of("<s>", "<pad>", "</s>", "<unk>").forEach(t -> vocab.put(t, vocab.size()));
        for (char c = 'a'; c <= 'z'; c++) {
            vocab.put(String.valueOf(c), vocab.size());
        }
        vocab.put("\u0120", vocab.size());
        JsonArray merges = new JsonArray();
        for (String w : words) {
            for (String form : List.of(w, "\u0120" + w)) {
                String left = form.substring(0, 1);
                for (int i = 1; i < form.length(); i++) {
                    String merged = left + form.charAt(i);
                    if (!vocab.containsKey(merged)) {
                        merges.add(left + " " + form.charAt(i));
                        vocab.put(merged, vocab.size());
                    }
                    left = merged;
                }
            }
        }
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", null);
        model.add("unk_token", null);
        model.addProperty("continuing_subword_prefix", "");
        model.addProperty("end_of_word_suffix", "");
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        model.add("vocab", object(vocab));
        model.add("merges", merges);
        JsonObject pre = type("ByteLevel");
        pre.addProperty("add_prefix_space", false);
        pre.addProperty("trim_offsets", true);
        pre.addProperty("use_regex", true);
        JsonObject post = type("RobertaProcessing");
        post.add("sep", pair("</s>", 2));
        post.add("cls", pair("<s>", 0));
        post.addProperty("trim_offsets", true);
        post.addProperty("add_prefix_space", false);
        return root(List.of("<s>", "<pad>", "</s>", "<unk>"), null, pre, post, model);
    }

    /**
     * @param words whole words, each a piece {@code ▁word} (score -1), and its letters (score -5)
     * @return a SentencePiece Unigram tokenizer: {@code <s>} 0, {@code <pad>} 1, {@code </s>} 2, {@code <unk>} 3
     */
    public static String unigram(List<String> words) {
        Map<String, Double> pieces = new LinkedHashMap<>();
        List.of("<s>", "<pad>", "</s>", "<unk>").forEach(t -> pieces.put(t, 0.0));
        pieces.put("\u2581", -3.0);
        for (String w : words) {
            pieces.putIfAbsent("\u2581" + w, -1.0);
            w.chars().forEach(c -> pieces.putIfAbsent(String.valueOf((char) c), -5.0));
        }
        JsonArray vocab = new JsonArray();
        pieces.forEach((piece, score) -> {
            JsonArray entry = new JsonArray();
            entry.add(piece);
            entry.add(score);
            vocab.add(entry);
        });
        JsonObject model = new JsonObject();
        model.addProperty("type", "Unigram");
        model.addProperty("unk_id", 3);
        model.add("vocab", vocab);
        model.addProperty("byte_fallback", false);
        JsonObject pre = type("Metaspace");
        pre.addProperty("replacement", "\u2581");
        pre.addProperty("prepend_scheme", "always");
        pre.addProperty("split", true);
        JsonObject post = type("TemplateProcessing");
        JsonArray single = new JsonArray();
        single.add(special("<s>"));
        JsonObject sequence = new JsonObject();
        JsonObject a = new JsonObject();
        a.addProperty("id", "A");
        a.addProperty("type_id", 0);
        sequence.add("Sequence", a);
        single.add(sequence);
        single.add(special("</s>"));
        post.add("single", single);
        post.add("pair", single);
        JsonObject specials = new JsonObject();
        specials.add("<s>", specialTokens("<s>", 0));
        specials.add("</s>", specialTokens("</s>", 2));
        post.add("special_tokens", specials);
        return root(List.of("<s>", "<pad>", "</s>", "<unk>"), null, pre, post, model);
    }

    private static String root(List<String> special, JsonObject normalizer, JsonObject pre, JsonObject post,
            JsonObject model) {
        JsonArray added = new JsonArray();
        for (int i = 0; i < special.size(); i++) {
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
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", null);
        root.add("padding", null);
        root.add("added_tokens", added);
        root.add("normalizer", normalizer);
        root.add("pre_tokenizer", pre);
        root.add("post_processor", post);
        root.add("decoder", null);
        root.add("model", model);
        return root.toString();
    }

    private static JsonObject special(String token) {
        JsonObject inner = new JsonObject();
        inner.addProperty("id", token);
        inner.addProperty("type_id", 0);
        JsonObject outer = new JsonObject();
        outer.add("SpecialToken", inner);
        return outer;
    }

    private static JsonObject specialTokens(String token, int id) {
        JsonObject o = new JsonObject();
        o.addProperty("id", token);
        JsonArray ids = new JsonArray();
        ids.add(id);
        o.add("ids", ids);
        JsonArray tokens = new JsonArray();
        tokens.add(token);
        o.add("tokens", tokens);
        return o;
    }

    private static JsonArray pair(String token, int id) {
        JsonArray a = new JsonArray();
        a.add(token);
        a.add(id);
        return a;
    }

    private static <V extends Number> JsonObject object(Map<String, V> map) {
        JsonObject o = new JsonObject();
        map.forEach(o::addProperty);
        return o;
    }

    private static JsonObject type(String type) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        return o;
    }

    /** @return the number of ids a tokenizer.json assigns (largest id + 1) */
    public static int vocabSize(String tokenizerJson) {
        List<Integer> ids = new ArrayList<>();
        JsonObject model = JsonParser.parseString(tokenizerJson).getAsJsonObject().getAsJsonObject("model");
        if (model.get("vocab").isJsonArray()) {
            return model.getAsJsonArray("vocab").size();
        }
        model.getAsJsonObject("vocab").entrySet().forEach(e -> ids.add(e.getValue().getAsInt()));
        return ids.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    }
}
