package io.tunestream.trainer.domain;

import ai.djl.ndarray.NDManager;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.events.BaseModelReference;
import io.tunestream.model.events.ModelRoots;

/**
 * The trainer's view of {@link BaseModelReference}: any loading error becomes
 * {@link FailureReason#BASE_MODEL_UNLOADABLE}, so the job fails with a reason.
 */
public final class BaseModels {

    private final BaseModelReference reference;
    private final ModelRoots roots;

    /** Only the bundled model. */
    public BaseModels() {
        this(ModelRoots.none());
    }

    /** @param roots the directories Hugging Face base models may be loaded from */
    public BaseModels(ModelRoots roots) {
        this.roots = roots;
        this.reference = new BaseModelReference(roots);
    }

    /** @return the directories base models may be loaded from */
    public ModelRoots roots() {
        return roots;
    }

    /**
     * @param ref the request's base model
     * @param manager owner of the weights
     * @param maxLength tokenizer truncation length
     * @return the loaded model
     */
    public PretrainedModel load(String ref, NDManager manager, int maxLength) {
        try {
            return reference.load(ref, manager, maxLength);
        } catch (RuntimeException | Error e) {
            throw new JobFailedException(FailureReason.BASE_MODEL_UNLOADABLE,
                    "base model " + ref + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** @return SHA-256 of the base model's weights file */
    public String weightsSha256(String ref) {
        return reference.weightsSha256(ref);
    }

    /** @return SHA-256 of the tokenizer file */
    public String tokenizerSha256(String ref) {
        return reference.tokenizerSha256(ref);
    }
}
