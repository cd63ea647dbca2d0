package io.tunestream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.ParameterList;
import io.tunestream.model.arch.ParameterTree;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.arch.TokenBatch;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.head.Losses;
import io.tunestream.model.head.SequenceHead;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.Peft;
import io.tunestream.model.peft.PeftMethod;
import io.tunestream.model.peft.TrainableWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequence classification or regression: a pretrained backbone, a fine-tuning method and a
 * head. {@link #forward} gives logits, {@link #loss} the training loss, {@link #predict}
 * probabilities; the trainable tensors (method + head) save and load on their own.
 */
public final class TextClassifier implements FineTunable {

    private final PretrainedModel base;
    private final PeftMethod method;
    private final SequenceHead head;
    private final HeadConfig headConfig;

    private TextClassifier(PretrainedModel base, PeftMethod method, SequenceHead head, HeadConfig headConfig) {
        this.base = base;
        this.method = method;
        this.head = head;
        this.headConfig = headConfig;
    }

    /**
     * @param base a loaded backbone and tokenizer
     * @param methodConfig LoRA, adapter, prompt tuning or full fine-tuning
     * @param headConfig task, classes, pooling
     * @param manager owner of new tensors (the backbone's manager)
     * @param seed seed for the new tensors
     * @return the classifier, ready to train
     */
    public static TextClassifier create(PretrainedModel base, MethodConfig methodConfig, HeadConfig headConfig,
            NDManager manager, long seed) {
        PeftMethod method = Peft.apply(base.backbone(), methodConfig, base.tokenizer(), manager, seed);
        SequenceHead head = new SequenceHead(base.backbone().hiddenSize(), headConfig.numLabels(),
                headConfig.pooling(), headConfig.dropout());
        for (TensorSlot slot : ParameterTree.slots(head).values()) {
            slot.initializeIfUnset(manager, DataType.FLOAT32);
            slot.setTrainable(true);
        }
        return new TextClassifier(base, method, head, headConfig);
    }

    /**
     * @param texts input texts
     * @param manager per-step manager
     * @return the tokenised batch
     */
    public TokenBatch encode(List<String> texts, NDManager manager) {
        return base.tokenizer().encode(texts, manager);
    }

    /**
     * @param batch tokens
     * @param training whether dropout is active
     * @return logits [B, C] (or values [B, 1] for regression)
     */
    public NDArray forward(TokenBatch batch, boolean training) {
        return head.apply(method.backbone().forward(batch, training), training);
    }

    /**
     * @param output forward output
     * @param labels class ids (int64) or regression targets (float) [B]
     * @return scalar loss (weighted cross-entropy or MSE)
     */
    public NDArray loss(NDArray output, NDArray labels) {
        if (headConfig.task() == HeadConfig.Task.REGRESSION) {
            return Losses.meanSquaredError(output, labels);
        }
        return Losses.crossEntropy(output, labels, headConfig.classWeights());
    }

    /**
     * @param texts input texts
     * @param manager parent manager; a sub-manager is used and closed
     * @return per text, class probabilities (or the single regression value)
     */
    public float[][] predict(List<String> texts, NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray out = forward(encode(texts, scratch), false);
            if (headConfig.task() == HeadConfig.Task.CLASSIFICATION) {
                out = out.softmax(-1);
            }
            float[] flat = out.toType(DataType.FLOAT32, false).toFloatArray();
            int width = (int) out.getShape().get(1);
            float[][] rows = new float[texts.size()][width];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(flat, i * width, rows[i], 0, width);
            }
            return rows;
        }
    }

    /** @return the trainable tensors: the method's, then the head's */
    @Override
    public Map<String, TensorSlot> trainableSlots() {
        Map<String, TensorSlot> out = new LinkedHashMap<>(method.trainableSlots());
        out.putAll(ParameterTree.slots(head));
        return out;
    }

    /** @return the trainable DJL parameters keyed by HF name (for optimizers that route by name) */
    @Override
    public ParameterList trainableParameters() {
        return toParameterList(trainableSlots());
    }

    /** @return every DJL parameter (backbone, method, head) keyed by HF name (e.g. for fp16 conversion) */
    @Override
    public ParameterList allParameters() {
        Map<String, TensorSlot> all = new LinkedHashMap<>(method.backbone().slots());
        all.putAll(ParameterTree.slots(head));
        return toParameterList(all);
    }

    private static ParameterList toParameterList(Map<String, TensorSlot> slots) {
        ParameterList list = new ParameterList();
        slots.forEach((name, slot) -> list.add(name, slot.parameter()));
        return list;
    }

    /** @return trainable scalars (method + head) */
    @Override
    public long trainableParameterCount() {
        return trainableSlots().values().stream().mapToLong(s -> s.shape().size()).sum();
    }

    /** @return all scalars (backbone, method, head) */
    public long totalParameterCount() {
        return method.backbone().slots().values().stream().mapToLong(s -> s.shape().size()).sum()
                + ParameterTree.slots(head).values().stream().mapToLong(s -> s.shape().size()).sum();
    }

    /** Saves the trainable tensors (method + head) to a safetensors file. */
    @Override
    public void saveTrainable(Path file) throws IOException {
        TrainableWeights.save(file, trainableSlots(), Map.of("method", method.config().name(),
                "task", headConfig.task().name(), "num_labels", String.valueOf(headConfig.numLabels())));
    }

    /** Loads tensors written by {@link #saveTrainable} into this classifier. */
    @Override
    public void loadTrainable(Path file, NDManager manager) {
        TrainableWeights.load(file, trainableSlots(), manager);
    }

    /** @return the applied method (merge/unmerge for LoRA) */
    @Override
    public PeftMethod method() {
        return method;
    }

    /** @return the base model and tokenizer */
    @Override
    public PretrainedModel base() {
        return base;
    }

    /** @return the head block */
    public SequenceHead head() {
        return head;
    }
}
