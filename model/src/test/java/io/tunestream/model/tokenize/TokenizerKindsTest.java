package io.tunestream.model.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.tunestream.model.TinyTokenizers;
import io.tunestream.model.arch.TokenBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three tokenizer kinds of the encoder families load from a {@code tokenizer.json} and give the ids their
 * algorithm prescribes, and a batch pads with the file's own pad id.
 */
class TokenizerKindsTest {

    @Test
    void shouldSplitUnknownWordsIntoWordPiecesWhenBertTokenizer() {
        // Given [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, the 4, cats 5, cat 6, ##s 7, dogsled 8, dog 9, ##sled 10
        String json = TinyTokenizers.wordPiece(List.of("the", "cats", "dogsled"));
        try (NDManager manager = NDManager.newBaseManager();
                TextTokenizer tokenizer = TextTokenizer.fromJson(json, 16, false, "wordpiece")) {
            // When: lower-cased, "dogs" is not a word of the vocabulary, "," is unknown
            TokenBatch batch = tokenizer.encode(List.of("The cats, dogs", "the"), manager);
            // Then
            assertThat(batch.inputIds().toLongArray()).containsExactly(2, 4, 5, 1, 9, 7, 3, 2, 4, 3, 0, 0, 0, 0);
            assertThat(tokenizer.padId()).isZero();
        }
    }

    @Test
    void shouldMergeBytePairsAndPadWithPadTokenWhenRobertaTokenizer() {
        // Given <s> 0, <pad> 1, </s> 2, <unk> 3, a-z 4-29, Ġ 30, th 31, the 32, Ġt 33, Ġth 34, Ġthe 35, ca 36,
        // cat 37, Ġc 38, Ġca 39, Ġcat 40
        String json = TinyTokenizers.bytePairEncoding(List.of("the", "cat"));
        try (NDManager manager = NDManager.newBaseManager();
                TextTokenizer tokenizer = TextTokenizer.fromJson(json, 16, false, "bpe")) {
            // When: lowest rank first, so " cat" merges c a, ca t and stops at Ġ cat (no such merge); " sat" has no
            // merges and stays bytes (Ġ s a t)
            TokenBatch batch = tokenizer.encode(List.of("the cat sat", "cat"), manager);
            // Then: <s> ... </s>, and the short row padded with <pad> = 1, not 0 (<s>)
            assertThat(batch.inputIds().toLongArray())
                    .containsExactly(0, 32, 30, 37, 30, 22, 4, 23, 2, 0, 37, 2, 1, 1, 1, 1, 1, 1);
            assertThat(batch.attentionMask().toLongArray())
                    .containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0);
        }
    }

    @Test
    void shouldPickTheMostLikelyPiecesWhenSentencePieceUnigramTokenizer() {
        // Given <s> 0, <pad> 1, </s> 2, <unk> 3, ▁ 4, ▁the 5, t 6, h 7, e 8, ▁cat 9, c 10, a 11
        String json = TinyTokenizers.unigram(List.of("the", "cat"));
        try (NDManager manager = NDManager.newBaseManager();
                TextTokenizer tokenizer = TextTokenizer.fromJson(json, 16, false, "unigram")) {
            // When: "tea" is no piece, so it falls into ▁ t e a
            TokenBatch batch = tokenizer.encode(List.of("the cat tea", "the"), manager);
            // Then
            assertThat(batch.inputIds().toLongArray())
                    .containsExactly(0, 5, 9, 4, 6, 8, 11, 2, 0, 5, 2, 1, 1, 1, 1, 1);
            assertThat(tokenizer.vocabularySize()).isEqualTo(12);
        }
    }
}
