package io.tunestream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import io.tunestream.model.arch.Backbone;
import io.tunestream.model.arch.CausalDecoder;
import io.tunestream.model.arch.HiddenStates;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.arch.TokenBatch;
import io.tunestream.model.generate.Generation;
import io.tunestream.model.generate.GenerationSettings;
import io.tunestream.model.generate.Generator;
import io.tunestream.model.head.Losses;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.Peft;
import io.tunestream.model.peft.PeftMethod;
import io.tunestream.model.peft.TrainableWeights;
import io.tunestream.model.tokenize.TextTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Causal language modelling on a decoder (LLaMA family, GPT-2) with a fine-tuning method: examples
 * are encoded as {@code [BOS] prompt completion [EOS]}, the loss covers the completion tokens only
 * (prompt and padding masked), per-example scores feed perplexity and paired tests, and {@link
 * #generate} continues prompts.
 */
public final class CausalLanguageModel implements FineTunable {

    private final PretrainedModel base;
    private final Backbone backbone;
    private final CausalDecoder decoder;
    private final PeftMethod method;

    private CausalLanguageModel(PretrainedModel base, PeftMethod method) {
        this.base = base;
        this.backbone = base.backbone();
        this.decoder = (CausalDecoder) base.backbone();
        this.method = method;
    }

    /**
     * @param base a loaded decoder and its tokenizer
     * @param methodConfig fine-tuning method
     * @param manager owner of new tensors
     * @param seed seed for new tensors
     * @return the model
     * @throws IllegalArgumentException if the backbone is not a decoder
     */
    public static CausalLanguageModel create(PretrainedModel base, MethodConfig methodConfig, NDManager manager,
            long seed) {
        if (!(base.backbone() instanceof CausalDecoder)) {
            throw new IllegalArgumentException("causal LM needs a decoder (llama, qwen2, mistral, gpt2), got model_type "
                    + base.backbone().modelType());
        }
        return new CausalLanguageModel(base, Peft.apply(base.backbone(), methodConfig, base.tokenizer(), manager, seed));
    }

    /** @return whether a loaded model can be tuned as a causal LM */
    public static boolean isDecoder(PretrainedModel base) {
        return base.backbone() instanceof CausalDecoder;
    }

    /**
     * Tokenises examples into a right-padded batch. A row longer than the tokenizer's maximum length
     * (minus a soft prompt) keeps its first tokens.
     *
     * @param examples prompts and completions
     * @param manager where the arrays live (a per-step sub-manager)
     * @return the batch with prompt lengths
     */
    public LmBatch encode(List<LmExample> examples, NDManager manager) {
        TextTokenizer tokenizer = base.tokenizer();
        int max = Math.max(2, tokenizer.maxLength() - softPromptLength());
        int n = examples.size();
        long[][] rows = new long[n][];
        int[] prompts = new int[n];
        int[] lengths = new int[n];
        boolean[] truncated = new boolean[n];
        int longest = 1;
        for (int i = 0; i < n; i++) {
            LmExample example = examples.get(i);
            long[] prompt = example.prompt().isEmpty() ? new long[0] : tokenizer.ids(example.prompt());
            long[] completion = tokenizer.ids(example.completion());
            int bos = decoder.bosTokenId() >= 0 ? 1 : 0;
            int eos = decoder.eosTokenId() >= 0 ? 1 : 0;
            long[] row = new long[bos + prompt.length + completion.length + eos];
            if (bos == 1) {
                row[0] = decoder.bosTokenId();
            }
            System.arraycopy(prompt, 0, row, bos, prompt.length);
            System.arraycopy(completion, 0, row, bos + prompt.length, completion.length);
            if (eos == 1) {
                row[row.length - 1] = decoder.eosTokenId();
            }
            truncated[i] = row.length > max;
            rows[i] = truncated[i] ? Arrays.copyOf(row, max) : row;
            prompts[i] = Math.min(bos + prompt.length, rows[i].length);
            lengths[i] = rows[i].length;
            longest = Math.max(longest, lengths[i]);
        }
        long pad = Math.max(0, decoder.eosTokenId());
        long[] ids = new long[n * longest];
        long[] mask = new long[n * longest];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < longest; t++) {
                boolean real = t < lengths[i];
                ids[i * longest + t] = real ? rows[i][t] : pad;
                mask[i * longest + t] = real ? 1 : 0;
            }
        }
        Shape shape = new Shape(n, longest);
        TokenBatch tokens = new TokenBatch(manager.create(ids, shape), manager.create(mask, shape),
                manager.zeros(shape, DataType.INT64));
        return new LmBatch(tokens, prompts, lengths, truncated);
    }

    /**
     * @param batch tokens
     * @param training whether dropout is active
     * @return logits over the vocabulary for the token positions [B, L, V] (soft-prompt positions dropped)
     */
    public NDArray forward(TokenBatch batch, boolean training) {
        HiddenStates states = decoder.forward(batch, training);
        NDArray hidden = states.hidden();
        if (states.prefixLength() > 0) {
            hidden = hidden.get(new NDIndex(":, {}:", states.prefixLength()));
        }
        return decoder.logits(hidden);
    }

    /**
     * @param batch an encoded batch
     * @param training whether dropout is active
     * @return mean next-token loss over the completion tokens of the batch
     */
    public NDArray loss(LmBatch batch, boolean training) {
        return loss(forward(batch.tokens(), training), batch.tokens(), batch.promptTokens());
    }

    /**
     * @param logits from {@link #forward}
     * @param batch the same batch
     * @param promptTokens per example, how many leading tokens are prompt (not targets)
     * @return mean next-token loss over the answer tokens
     */
    public NDArray loss(NDArray logits, TokenBatch batch, int[] promptTokens) {
        return Losses.causalLm(logits, batch.inputIds(), targetMask(batch, promptTokens, logits));
    }

    /**
     * Scores without gradients: per example, summed loss, target tokens and argmax hits.
     *
     * @param batch an encoded batch
     * @return the per-example scores
     */
    public TokenScores score(LmBatch batch) {
        NDArray logits = forward(batch.tokens(), false).toType(DataType.FLOAT32, false);
        long length = logits.getShape().get(1);
        NDArray logProbs = logits.get(new NDIndex(":, :{}, :", length - 1)).logSoftmax(-1);
        NDArray targets = batch.tokens().inputIds().get(new NDIndex(":, 1:")).toType(DataType.INT64, false);
        NDArray mask = targetMask(batch.tokens(), batch.promptTokens(), logits).get(new NDIndex(":, 1:"))
                .toType(DataType.FLOAT32, false);
        NDArray nll = logProbs.gather(targets.expandDims(-1), 2).squeeze(-1).neg().mul(mask);
        NDArray hits = logProbs.argMax(-1).eq(targets).toType(DataType.FLOAT32, false).mul(mask);
        float[] loss = nll.sum(new int[] {1}).toFloatArray();
        float[] counted = mask.sum(new int[] {1}).toFloatArray();
        float[] right = hits.sum(new int[] {1}).toFloatArray();
        double[] lossSum = new double[loss.length];
        int[] tokens = new int[loss.length];
        int[] correct = new int[loss.length];
        for (int i = 0; i < loss.length; i++) {
            lossSum[i] = loss[i];
            tokens[i] = Math.round(counted[i]);
            correct[i] = Math.round(right[i]);
        }
        return new TokenScores(lossSum, tokens, correct);
    }

    /**
     * Continues each prompt (not a chat template: the prompt is tokenised as given, after BOS).
     *
     * @param prompts texts to continue
     * @param settings decoding settings
     * @param manager where the step arrays live (closed by the caller)
     * @return one generation per prompt, in order
     */
    public List<Generation> generate(List<String> prompts, GenerationSettings settings, NDManager manager) {
        return new Generator(decoder, base.tokenizer()).generate(prompts, settings, manager);
    }

    private NDArray targetMask(TokenBatch batch, int[] promptTokens, NDArray like) {
        long[] mask = batch.attentionMask().toLongArray();
        int length = (int) batch.length();
        for (int b = 0; b < promptTokens.length; b++) {
            for (int t = 0; t < Math.min(promptTokens[b], length); t++) {
                mask[b * length + t] = 0;
            }
        }
        return batch.inputIds().getManager().create(mask, batch.inputIds().getShape()).toDevice(like.getDevice(), false);
    }

    private int softPromptLength() {
        return backbone.softPrompt() == null ? 0 : backbone.softPrompt().length();
    }

    /** @return the decoder */
    public CausalDecoder decoder() {
        return decoder;
    }

    @Override
    public Map<String, TensorSlot> trainableSlots() {
        return method.trainableSlots();
    }

    @Override
    public ParameterList trainableParameters() {
        return FineTunable.parameterList(trainableSlots());
    }

    @Override
    public ParameterList allParameters() {
        return FineTunable.parameterList(backbone.slots());
    }

    @Override
    public void saveTrainable(Path file) throws IOException {
        TrainableWeights.save(file, trainableSlots(), Map.of("method", method.config().name(), "task", "causal_lm"));
    }

    @Override
    public void loadTrainable(Path file, NDManager manager) {
        TrainableWeights.load(file, trainableSlots(), manager);
    }

    @Override
    public PeftMethod method() {
        return method;
    }

    @Override
    public PretrainedModel base() {
        return base;
    }
}
