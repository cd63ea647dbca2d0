package io.tunestream.trainer.domain;

/** Why a job failed; each appears in the FAILED status message as its prefix. */
public enum FailureReason {
    /** The request breaks a rule of {@link TrainingRequestValidator}. */
    INVALID_REQUEST,
    /** A data stage (clean, split, augment) refused the dataset version: its report's reason follows. */
    DATASET_REJECTED,
    /** No event of the dataset version arrived within the deadline. */
    UNKNOWN_DATASET,
    /** Records were seen but no seal, or the seal's counts do not match the records. */
    INCOMPLETE_DATASET,
    /** The dataset has no training records. */
    EMPTY_DATASET,
    /** The train split is too small to form a batch of two. */
    DATASET_TOO_SMALL,
    /** Labels missing, a single class, or labels that do not match the head / class weights. */
    LABEL_MISMATCH,
    /** The base model could not be loaded. */
    BASE_MODEL_UNLOADABLE,
    /** The loss became NaN or infinite. */
    DIVERGED,
    /** Anything else (a bug or an infrastructure failure). */
    INTERNAL
}
