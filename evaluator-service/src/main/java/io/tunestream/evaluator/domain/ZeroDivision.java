package io.tunestream.evaluator.domain;

/**
 * What a score is when its denominator is zero, as scikit-learn's {@code zero_division} argument:
 * {@link #WARN} gives 0.0 and records the score as ill-defined (scikit-learn warns); {@link #ZERO}
 * and {@link #ONE} give 0.0 or 1.0 and are recorded too, so a report can always say which scores
 * were set rather than computed.
 */
public enum ZeroDivision {
    /** 0.0, recorded as ill-defined (scikit-learn's default, {@code "warn"}). */
    WARN(0.0),
    /** 0.0. */
    ZERO(0.0),
    /** 1.0. */
    ONE(1.0);

    private final double value;

    ZeroDivision(double value) {
        this.value = value;
    }

    /** The value a score takes when its denominator is zero. */
    public double value() {
        return value;
    }
}
