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
import io.tunestream.model.arch.Pooling;
import io.tunestream.model.weights.OnnxEncoderConfig;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/** Entry points that load pretrained backbones with their tokenizers. */
public final class PretrainedModels {

    /** Classpath resource of the bundled all-MiniLM-L6-v2 ONNX export (langchain4j jar). */
    public static final String MINILM_ONNX = BundledModel.ALL_MINILM_L6_V2.onnxResource();
    /** Classpath resource of the bundled MiniLM tokenizer.json. */
    public static final String MINILM_TOKENIZER = BundledModel.ALL_MINILM_L6_V2.tokenizerResource();
    /** Default truncation length. */
    public static final int DEFAULT_MAX_LENGTH = 128;
    /** The PyTorch pickle file HF wrote before safetensors; refused (unpickling runs code). */
    public static final String PICKLE_FILE = "pytorch_model.bin";

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
        return loadBundled(BundledModel.ALL_MINILM_L6_V2, manager, maxLength);
    }

    /**
     * Loads a bundled encoder from its Maven dependency: the shape is read off the ONNX initializers, which are
     * mapped to HF names by following the graph ({@link OnnxInitializers}).
     *
     * @param model which one
     * @param manager owner of the weights (long-lived)
     * @param maxLength tokenizer truncation length
     * @return the encoder (frozen), its tokenizer and the pooling its model card prescribes
     * @throws ModelLoadException when the resources are not on the classpath or do not fit
     */
    public static PretrainedModel loadBundled(BundledModel model, NDManager manager, int maxLength) {
        DjlRuntime.configure();
        Map<String, OnnxInitializers.HostTensor> host = bundledTensors(model);
        BertEncoder encoder = new BertEncoder(OnnxEncoderConfig.infer(host, model.numHeads(), model.onnxResource()));
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        host.forEach((name, tensor) -> tensors.put(name, tensor.toArray(manager)));
        WeightAssigner.assign(encoder.slots(), tensors, Function.identity(), Set.of(), model.onnxResource());
        encoder.setTrainable(false);
        String json;
        try (InputStream in = resource(model, model.tokenizerResource())) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + model.tokenizerResource(), e);
        }
        TextTokenizer tokenizer = TextTokenizer.fromJson(json, maxLength, false, model.tokenizerResource());
        tokenizer.requireFits(encoder.vocabSize(), model.tokenizerResource());
        return new PretrainedModel(encoder, tokenizer, "classpath:" + model.onnxResource(), model.pooling());
    }

    /**
     * The parsed ONNX initializers are kept (softly: the GC may drop them) so that services and
     * tests that load a bundled model repeatedly parse the ~90 MB protobuf once.
     */
    private static synchronized Map<String, OnnxInitializers.HostTensor> bundledTensors(BundledModel model) {
        SoftReference<Map<String, OnnxInitializers.HostTensor>> ref = BUNDLED_CACHE.get(model);
        Map<String, OnnxInitializers.HostTensor> cached = ref == null ? null : ref.get();
        if (cached == null) {
            try (InputStream in = resource(model, model.onnxResource())) {
                cached = OnnxInitializers.readHost(in, model.onnxResource());
            } catch (IOException e) {
                throw new ModelLoadException("cannot read " + model.onnxResource(), e);
            }
            BUNDLED_CACHE.put(model, new SoftReference<>(cached));
        }
        return cached;
    }

    private static final Map<BundledModel, SoftReference<Map<String, OnnxInitializers.HostTensor>>> BUNDLED_CACHE =
            new EnumMap<>(BundledModel.class);

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
        Pooling pooling = SentenceTransformersPooling.declared(dir).orElse(Pooling.MEAN);
        Map<String, NDArray> tensors = readSafetensors(dir, manager);
        assignHuggingFace(backbone, tensors, dir.toString());
        backbone.initializeUnset(manager);
        backbone.setTrainable(false);
        Path tokenizerFile = dir.resolve("tokenizer.json");
        TextTokenizer tokenizer = TextTokenizer.fromFile(tokenizerFile, maxLength);
        tokenizer.requireFits(backbone.vocabSize(), tokenizerFile.toString());
        return new PretrainedModel(backbone, tokenizer, dir.toString(), pooling);
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
    public static SortedSet<String> supportedModelTypes() {
        SortedSet<String> types = new TreeSet<>(EncoderConfig.SUPPORTED);
        types.addAll(DecoderConfig.SUPPORTED);
        types.add(Gpt2Config.MODEL_TYPE);
        return types;
    }

    private static final String GPT2_PREFIX = "transformer.";

    private static void assignHuggingFace(Backbone backbone, Map<String, NDArray> tensors, String source) {
        Function<String, String> rename = Function.identity();
        Set<String> optional = Set.of();
        if (backbone instanceof BertEncoder encoder) {
            // task checkpoints (BertForSequenceClassification, ...) put the base model under bert./roberta./distilbert.
            String prefix = encoder.config().family().checkpointPrefix();
            String words = encoder.config().family().names().wordEmbeddings() + ".weight";
            if (!tensors.containsKey(words) && tensors.containsKey(prefix + words)) {
                rename = name -> prefix + name;
            }
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
        if (!single && !sharded && (Files.isRegularFile(dir.resolve(PICKLE_FILE))
                || Files.isRegularFile(dir.resolve(PICKLE_FILE + ".index.json")))) {
            throw new ModelLoadException(dir + " has only " + PICKLE_FILE + ", a PyTorch pickle, which is not read "
                    + "(unpickling can run code): convert it to safetensors first, e.g. with transformers: "
                    + "AutoModel.from_pretrained(dir).save_pretrained(dir, safe_serialization=True), or with torch "
                    + "and safetensors alone: safetensors.torch.save_file({k: v.contiguous() for k, v in "
                    + "torch.load(dir + '/" + PICKLE_FILE + "', weights_only=True).items()}, dir + "
                    + "'/model.safetensors', metadata={'format': 'pt'})");
        }
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

    private static InputStream resource(BundledModel model, String name) {
        InputStream in = PretrainedModels.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new ModelLoadException("classpath resource " + name + " not found: add " + model.artifact()
                    + " to the classpath");
        }
        return new BufferedInputStream(in, 1 << 20);
    }
}
