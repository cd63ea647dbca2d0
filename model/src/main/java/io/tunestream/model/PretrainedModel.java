package io.tunestream.model;

import io.tunestream.model.arch.Backbone;
import io.tunestream.model.arch.Pooling;
import io.tunestream.model.tokenize.TextTokenizer;

/**
 * A loaded backbone with its tokenizer. The backbone's arrays belong to the manager given to
 * the loader; closing this closes the tokenizer only.
 *
 * @param backbone the Transformer body with pretrained weights
 * @param tokenizer its tokenizer
 * @param source where it came from (file or classpath resource)
 * @param pooling the sentence pooling the model declares (a bundled model's card, a sentence-transformers
 *     {@code 1_Pooling/config.json}); mean where it declares none. A classifier head's default.
 */
public record PretrainedModel(Backbone backbone, TextTokenizer tokenizer, String source, Pooling pooling)
        implements AutoCloseable {

    /** A model that declares no pooling: mean pooling. */
    public PretrainedModel(Backbone backbone, TextTokenizer tokenizer, String source) {
        this(backbone, tokenizer, source, Pooling.MEAN);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
