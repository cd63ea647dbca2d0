package io.tunestream.model;

/**
 * One causal-LM example: a prompt whose tokens are context only, and a completion whose tokens the
 * loss covers. Plain-text language modelling is an empty prompt.
 *
 * @param prompt context (may be empty, never null)
 * @param completion the target text (never null)
 */
public record LmExample(String prompt, String completion) {

    /** @throws IllegalArgumentException when a part is null */
    public LmExample {
        if (prompt == null || completion == null) {
            throw new IllegalArgumentException("prompt and completion must not be null (use \"\" for none)");
        }
    }

    /** @return a plain-text example: every token is a target */
    public static LmExample text(String text) {
        return new LmExample("", text);
    }
}
