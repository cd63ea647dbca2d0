package io.tunestream.evaluator.service;

import io.tunestream.events.DatasetRecord;
import io.tunestream.model.LmExample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The TEST records of a causal-LM dataset as scoring examples: a record with a {@code completion} is an
 * instruction example (its prompt is context, the loss covers the completion, and greedy generation from the
 * prompt is compared with it); a record with only {@code text} is plain language modelling (the loss covers all
 * of it). Records with neither are skipped.
 */
public final class LmTestSet {

    private final List<LmExample> examples;
    private final List<Boolean> hasCompletion;

    private LmTestSet(List<LmExample> examples, List<Boolean> hasCompletion) {
        this.examples = List.copyOf(examples);
        this.hasCompletion = List.copyOf(hasCompletion);
    }

    /**
     * @param records the TEST records in log order
     * @return the examples
     * @throws EvaluationFailedException when no record has a completion or a text
     */
    public static LmTestSet of(List<DatasetRecord> records) {
        List<LmExample> examples = new ArrayList<>();
        List<Boolean> completion = new ArrayList<>();
        for (DatasetRecord r : records) {
            if (r.getCompletion() != null) {
                examples.add(new LmExample(r.getPrompt() == null ? "" : r.getPrompt(), r.getCompletion()));
                completion.add(true);
            } else if (r.getText() != null && !r.getText().isBlank()) {
                examples.add(LmExample.text(r.getText()));
                completion.add(false);
            }
        }
        if (examples.isEmpty()) {
            throw new EvaluationFailedException("no TEST record has a completion or a text to score");
        }
        return new LmTestSet(examples, completion);
    }

    /** @return every example, in log order */
    public List<LmExample> examples() {
        return examples;
    }

    /** @return indices of the examples with a reference completion (the exact-match set) */
    public List<Integer> completionIndices() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (hasCompletion.get(i)) {
                out.add(i);
            }
        }
        return out;
    }

    /** @return the first {@code n} examples' indices, the rows of the sample table */
    public List<Integer> sampleIndices(int n) {
        return IntStream.range(0, Math.min(n, examples.size())).boxed().toList();
    }

    /** @return what a generation starts from: the prompt, or the first half of a plain text's words */
    public String prompt(int i) {
        return hasCompletion.get(i) ? examples.get(i).prompt() : halves(examples.get(i).completion())[0];
    }

    /** @return what a generation is compared with: the completion, or the rest of a plain text */
    public String reference(int i) {
        return hasCompletion.get(i) ? examples.get(i).completion() : halves(examples.get(i).completion())[1];
    }

    /** @return prompts of the given examples */
    public List<String> prompts(List<Integer> indices) {
        return indices.stream().map(this::prompt).toList();
    }

    /** @return references of the given examples */
    public List<String> references(List<Integer> indices) {
        return indices.stream().map(this::reference).toList();
    }

    private static String[] halves(String text) {
        String[] words = text.strip().split("\\s+");
        int cut = words.length / 2;
        return new String[] {String.join(" ", Arrays.copyOfRange(words, 0, cut)),
            String.join(" ", Arrays.copyOfRange(words, cut, words.length))};
    }
}
