package io.tunestream.launcher.llm;

import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonObject;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.LmExample;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.arch.Backbone;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.Gpt2Config;
import io.tunestream.model.arch.Gpt2Decoder;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.training.TrainingStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Tiny decoders in exact Hugging Face layout for end-to-end tests, pretrained by the test itself so fine-tuning
 * starts from a model that knows the language of the task. The language: three-letter words over {@code a..h},
 * spelled with spaces ({@code "a b c"}); copy lines ({@code "copy : a b c = a b c"}, or without the keyword) and
 * mirror lines ({@code "mirror : a b c = c b a"}). Reversing on the instruction {@code "reverse :"} is never seen in
 * pretraining, and a bare {@code "a b c ="} is copied by a model pretrained without the copy keyword.
 */
public final class TinyLanguageModels {

    /** The alphabet. */
    public static final String LETTERS = "abcdefgh";
    /** Every word of the tokenizer, after the four special tokens. */
    public static final List<String> WORDS = List.of("a", "b", "c", "d", "e", "f", "g", "h", "copy", "mirror",
            "reverse", ":", "=");

    private TinyLanguageModels() {
    }

    /** @return every three-letter word, in order */
    public static List<String> words() {
        List<String> out = new ArrayList<>();
        for (char x : LETTERS.toCharArray()) {
            for (char y : LETTERS.toCharArray()) {
                for (char z : LETTERS.toCharArray()) {
                    out.add("" + x + y + z);
                }
            }
        }
        return out;
    }

    /** @return the word with spaces between its letters */
    public static String spelled(String word) {
        return String.join(" ", word.split(""));
    }

    /** @return the word backwards, spelled */
    public static String reversed(String word) {
        return spelled(new StringBuilder(word).reverse().toString());
    }

    /** @return the instruction prompt for a word */
    public static String reversePrompt(String word) {
        return "reverse : " + spelled(word) + " =";
    }

    /**
     * Writes a tiny Llama (hidden 64, 2 layers, 4 query / 2 key-value heads, BOS and EOS) pretrained with full
     * fine-tuning on {@code "copy : ..."} and {@code "mirror : ..."} lines.
     *
     * @param dir the model directory to create
     * @param steps pretraining steps of 32 lines
     */
    public static void writePretrainedLlama(Path dir, int steps) throws IOException {
        DjlRuntime.configure();
        DecoderConfig config = new DecoderConfig("llama", TinyCheckpoints.vocabSize(WORDS), 64, 2, 4, 2, 128, 32, 1e-6, 10000.0, false,
                false, 2, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            LlamaDecoder decoder = new LlamaDecoder(config);
            decoder.initializeUnset(manager);
            pretrain(dir, config.toJson(), decoder, "copy : ", steps, manager);
        }
    }

    /**
     * Writes a tiny GPT-2 (hidden 64, 2 layers, 4 heads, 48 positions, no BOS, EOS) pretrained with full fine-tuning
     * on bare copy lines ({@code "a b c = a b c"}) and {@code "mirror : ..."} lines.
     *
     * @param dir the model directory to create
     * @param steps pretraining steps of 32 lines
     */
    public static void writePretrainedGpt2(Path dir, int steps) throws IOException {
        DjlRuntime.configure();
        Gpt2Config config = Gpt2Config.tiny(TinyCheckpoints.vocabSize(WORDS), 64, 2, 4, 48, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2Decoder decoder = new Gpt2Decoder(config);
            decoder.initializeUnset(manager);
            pretrain(dir, config.toJson(), decoder, "", steps, manager);
        }
    }

    private static void pretrain(Path dir, JsonObject config, Backbone decoder, String copyKeyword, int steps,
            NDManager manager) throws IOException {
        Path random = Files.createTempDirectory("tiny-decoder-random");
        try {
            write(random, config, decoder);
            try (PretrainedModel base = PretrainedModels.loadHuggingFace(random, manager, 32)) {
                CausalLanguageModel lm = CausalLanguageModel.create(base, new MethodConfig.FullFineTuning(false),
                        manager, 1);
                Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(3e-3f)).optWeightDecays(0f)
                        .build();
                Random draw = new Random(1);
                List<String> all = words();
                for (int step = 0; step < steps; step++) {
                    List<LmExample> lines = new ArrayList<>();
                    for (int i = 0; i < 32; i++) {
                        String w = all.get(draw.nextInt(all.size()));
                        lines.add(LmExample.text(draw.nextBoolean() ? copyKeyword + spelled(w) + " = " + spelled(w)
                                : "mirror : " + spelled(w) + " = " + reversed(w)));
                    }
                    TrainingStep.run(manager, lm.trainableSlots().values(), adamW, m -> lm.loss(lm.encode(lines, m), true));
                }
                write(dir, config, base.backbone());
            }
        } finally {
            try (var files = Files.walk(random)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void write(Path dir, JsonObject config, Backbone backbone) throws IOException {
        TinyCheckpoints.write(dir, config, backbone, WORDS);
    }
}
