package io.tunestream.model.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.arch.TokenBatch;
import io.tunestream.model.weights.ModelLoadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} (DJL's binding of the Rust tokenizers library: WordPiece, BPE and
 * Unigram models alike) that truncates to a maximum length, pads and encodes batches to int64 arrays.
 * Padding positions carry the file's own pad id ({@code padding.pad_id}, else the id of an added
 * {@code <pad>} or {@code [PAD]} token, else 0): RoBERTa's {@code <pad>} is 1, and its positions depend on it.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int vocabularySize;
    private final int maxLength;
    private final long padId;

    private TextTokenizer(String json, int maxLength, boolean padToMax, String source) {
        DjlRuntime.configure();
        this.maxLength = maxLength;
        this.vocabularySize = vocabularySize(json, source);
        this.padId = padId(json);
        Map<String, String> options = new HashMap<>();
        options.put("truncation", "true");
        options.put("padding", padToMax ? "max_length" : "true");
        options.put("maxLength", String.valueOf(maxLength));
        options.put("modelMaxLength", String.valueOf(Math.max(512, maxLength)));
        try {
            this.tokenizer = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), options);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load tokenizer " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param json tokenizer.json content
     * @param maxLength truncation length (and padding length when {@code padToMax})
     * @param padToMax pad every batch to {@code maxLength} instead of its longest sequence
     * @param source name for error messages
     * @return the tokenizer
     */
    public static TextTokenizer fromJson(String json, int maxLength, boolean padToMax, String source) {
        return new TextTokenizer(json, maxLength, padToMax, source);
    }

    /**
     * @param file a tokenizer.json
     * @param maxLength truncation length
     * @return the tokenizer, padding to the longest sequence of each batch
     */
    public static TextTokenizer fromFile(Path file, int maxLength) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("tokenizer file not found: " + file);
        }
        try {
            return new TextTokenizer(Files.readString(file), maxLength, false, file.toString());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read tokenizer " + file, e);
        }
    }

    /**
     * @param texts sentences
     * @param manager where the arrays live (a per-step sub-manager)
     * @return ids, mask and type ids [B, L]
     */
    public TokenBatch encode(List<String> texts, NDManager manager) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int b = encodings.length;
        int l = encodings[0].getIds().length;
        long[] ids = new long[b * l];
        long[] mask = new long[b * l];
        long[] types = new long[b * l];
        for (int i = 0; i < b; i++) {
            System.arraycopy(encodings[i].getIds(), 0, ids, i * l, l);
            System.arraycopy(encodings[i].getAttentionMask(), 0, mask, i * l, l);
            System.arraycopy(encodings[i].getTypeIds(), 0, types, i * l, l);
        }
        for (int k = 0; k < ids.length; k++) {
            if (mask[k] == 0) {
                ids[k] = padId; // the Rust library pads with id 0 when the file sets no padding
            }
        }
        Shape shape = new Shape(b, l);
        return new TokenBatch(manager.create(ids, shape), manager.create(mask, shape), manager.create(types, shape));
    }

    /** @return token ids of one text without special tokens */
    public long[] ids(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    /** @return the text of token ids */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    /** @return largest token id + 1, over the model vocabulary and added tokens */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** @return the id padding positions carry */
    public long padId() {
        return padId;
    }

    /** @return truncation length */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Checks that every token id fits the embedding matrix.
     *
     * @param embeddingRows rows of the word-embedding matrix
     * @param source the tokenizer file, for the message
     */
    public void requireFits(int embeddingRows, String source) {
        if (vocabularySize > embeddingRows) {
            throw new ModelLoadException("tokenizer " + source + " has " + vocabularySize
                    + " token ids but the embedding matrix has " + embeddingRows + " rows");
        }
    }

    private static long padId(String json) {
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        JsonElement padding = root.get("padding");
        if (padding != null && padding.isJsonObject() && padding.getAsJsonObject().has("pad_id")) {
            return padding.getAsJsonObject().get("pad_id").getAsLong();
        }
        if (root.has("added_tokens") && root.get("added_tokens").isJsonArray()) {
            for (JsonElement t : root.getAsJsonArray("added_tokens")) {
                String content = t.getAsJsonObject().get("content").getAsString();
                if ("<pad>".equals(content) || "[PAD]".equals(content)) {
                    return t.getAsJsonObject().get("id").getAsLong();
                }
            }
        }
        return 0;
    }

    private static int vocabularySize(String json, String source) {
        try {
            JsonObject root = JsonParser.parseString(json).getAsJsonObject();
            int max = -1;
            JsonElement vocab = root.getAsJsonObject("model").get("vocab");
            if (vocab != null && vocab.isJsonObject()) {
                for (var e : vocab.getAsJsonObject().entrySet()) {
                    max = Math.max(max, e.getValue().getAsInt());
                }
            } else if (vocab != null && vocab.isJsonArray()) {
                max = vocab.getAsJsonArray().size() - 1; // Unigram: [[piece, score], ...]
            }
            if (root.has("added_tokens") && root.get("added_tokens").isJsonArray()) {
                for (JsonElement t : root.getAsJsonArray("added_tokens")) {
                    max = Math.max(max, t.getAsJsonObject().get("id").getAsInt());
                }
            }
            return max + 1;
        } catch (RuntimeException e) {
            throw new ModelLoadException("tokenizer " + source + " is not a valid tokenizer.json: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
