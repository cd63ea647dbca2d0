package io.tunestream.trainer.sweep;

import io.tunestream.events.HyperParameters;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Schedule;

import java.util.Arrays;
import java.util.Optional;

/**
 * The fields of {@link HyperParameters} and {@link MethodConfig} a sweep may search, each with its value type.
 * A trial's parameter values travel as strings (the {@code params} map of a trial): integers as {@code 16},
 * reals as Java's shortest round-trip decimal ({@code 3.1E-4}), floats as {@link Float#toString(float)}, enums by
 * symbol name, so the string is exactly what the trial's request carries.
 */
public enum TunableParameter {
    LEARNING_RATE("learningRate", ValueType.DOUBLE),
    BATCH_SIZE("batchSize", ValueType.INT),
    EPOCHS("epochs", ValueType.INT),
    MAX_STEPS("maxSteps", ValueType.INT),
    GRADIENT_ACCUMULATION("gradientAccumulation", ValueType.INT),
    WEIGHT_DECAY("weightDecay", ValueType.DOUBLE),
    WARMUP_RATIO("warmupRatio", ValueType.DOUBLE),
    SCHEDULE("schedule", ValueType.SCHEDULE),
    LORA_RANK("loraRank", ValueType.INT),
    LORA_ALPHA("loraAlpha", ValueType.FLOAT),
    LORA_DROPOUT("loraDropout", ValueType.FLOAT),
    ADAPTER_SIZE("adapterSize", ValueType.INT),
    PROMPT_LENGTH("promptLength", ValueType.INT);

    /** How a parameter's value is written and read. */
    public enum ValueType {
        INT, DOUBLE, FLOAT, SCHEDULE;

        /** Whether it can be sampled from a numeric range (LOG_UNIFORM, UNIFORM). */
        public boolean isNumeric() {
            return this != SCHEDULE;
        }
    }

    private final String fieldName;
    private final ValueType type;

    TunableParameter(String fieldName, ValueType type) {
        this.fieldName = fieldName;
        this.type = type;
    }

    /** The Avro field name, as written in a sweep's space and a trial's params. */
    public String fieldName() {
        return fieldName;
    }

    /** Value type. */
    public ValueType type() {
        return type;
    }

    /** Whether the field belongs to {@link MethodConfig} (otherwise {@link HyperParameters}). */
    public boolean isMethodField() {
        return this == LORA_RANK || this == LORA_ALPHA || this == LORA_DROPOUT || this == ADAPTER_SIZE
                || this == PROMPT_LENGTH;
    }

    /** The parameter of a field name; empty when the field cannot be searched. */
    public static Optional<TunableParameter> byFieldName(String name) {
        return Arrays.stream(values()).filter(p -> p.fieldName.equals(name)).findFirst();
    }

    /** Every searchable field name, in declaration order (for error messages). */
    public static String fieldNames() {
        return String.join(", ", Arrays.stream(values()).map(TunableParameter::fieldName).toList());
    }

    /**
     * Writes a sampled real as this parameter's value: integers rounded half-up and clamped into
     * [ceil(low), floor(high)], floats narrowed, reals as they are.
     */
    public String format(double sampled, double low, double high) {
        return switch (type) {
            case INT -> Long.toString(Math.min((long) Math.floor(high), Math.max((long) Math.ceil(low), Math.round(sampled))));
            case FLOAT -> Float.toString((float) sampled);
            case DOUBLE -> Double.toString(sampled);
            case SCHEDULE -> throw new IllegalStateException(fieldName + " cannot be sampled from a range");
        };
    }

    /** Why a written value is not a value of this parameter; empty when it is. */
    public Optional<String> parseProblem(String value) {
        try {
            parse(value);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("'" + value + "' is not " + switch (type) {
                case INT -> "an integer";
                case DOUBLE, FLOAT -> "a finite number";
                case SCHEDULE -> "one of " + Arrays.toString(Schedule.values());
            });
        }
    }

    /** The value as its Java type: Integer, Double, Float or {@link Schedule}. */
    public Object parse(String value) {
        String v = value == null ? null : value.trim();
        Object parsed = switch (type) {
            case INT -> Integer.valueOf(v);
            case DOUBLE -> Double.valueOf(v);
            case FLOAT -> Float.valueOf(v);
            case SCHEDULE -> Schedule.valueOf(v);
        };
        if (parsed instanceof Double d && !Double.isFinite(d) || parsed instanceof Float f && !Float.isFinite(f)) {
            throw new NumberFormatException("not finite: " + v);
        }
        return parsed;
    }
}
