package io.tunestream.model;

import io.tunestream.model.arch.Backbone;
import io.tunestream.model.tokenize.TextTokenizer;

/**
 * A loaded backbone with its tokenizer. The backbone's arrays belong to the manager given to
 * the loader; closing this closes the tokenizer only.
 *
 * @param backbone the Transformer body with pretrained weights
 * @param tokenizer its tokenizer
 * @param source where it came from (file or classpath resource)
 */
public record PretrainedModel(Backbone backbone, TextTokenizer tokenizer, String source) implements AutoCloseable {

    @Override
    public void close() {
        tokenizer.close();
    }
}
