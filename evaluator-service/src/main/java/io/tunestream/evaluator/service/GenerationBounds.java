package io.tunestream.evaluator.service;

import java.util.ArrayList;
import java.util.List;

/**
 * The bounds of one generation request, the same over REST and the scoring topic: a request over a bound is refused
 * at the door, never discovered as a minutes-long forward pass or an OutOfMemoryError.
 */
public final class GenerationBounds {

    /** Most prompts one request may carry. */
    public static final int MAX_PROMPTS = 64;
    /** Longest prompt, in characters. */
    public static final int MAX_PROMPT_CHARS = 8_000;
    /** Most new tokens per prompt. */
    public static final int MAX_NEW_TOKENS = 512;
    /** New tokens per prompt when a request names none. */
    public static final int DEFAULT_MAX_NEW_TOKENS = 64;

    private GenerationBounds() {
    }

    /** @return what is wrong with the prompts and the token count, each naming its field; empty when nothing */
    public static List<String> problems(List<String> prompts, int maxNewTokens) {
        List<String> problems = new ArrayList<>();
        if (prompts == null || prompts.isEmpty()) {
            problems.add("prompts must hold at least one prompt");
        } else if (prompts.size() > MAX_PROMPTS) {
            problems.add("prompts: at most " + MAX_PROMPTS + " per request, got " + prompts.size());
        } else if (prompts.stream().anyMatch(p -> p == null)) {
            problems.add("prompts: every prompt must be a string");
        } else if (prompts.stream().anyMatch(p -> p.length() > MAX_PROMPT_CHARS)) {
            problems.add("prompts: each prompt at most " + MAX_PROMPT_CHARS + " characters");
        }
        if (maxNewTokens < 1 || maxNewTokens > MAX_NEW_TOKENS) {
            problems.add("maxNewTokens must be in 1.." + MAX_NEW_TOKENS + ", got " + maxNewTokens);
        }
        return problems;
    }
}
