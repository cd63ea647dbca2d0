package io.tunestream.augment.domain;

import com.huaban.analysis.jieba.JiebaSegmenter;

import java.util.ArrayList;
import java.util.List;

/**
 * Chinese words from jieba's dictionary and HMM ({@link JiebaSegmenter#sentenceProcess}); punctuation is attached
 * to the word before it, so a swap moves a word with its comma instead of scattering punctuation. Tokens join
 * without spaces, as Chinese is written. The dictionary loads once per JVM (about a second).
 */
public final class ChineseWordSegmenter implements WordSegmenter {

    private static final class Holder {
        static final JiebaSegmenter JIEBA = new JiebaSegmenter();
    }

    @Override
    public String name() {
        return "jieba";
    }

    @Override
    public List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        for (String piece : Holder.JIEBA.sentenceProcess(text)) {
            if (piece.isBlank()) {
                continue;
            }
            boolean punctuation = piece.codePoints().noneMatch(Character::isLetterOrDigit);
            if (punctuation && !tokens.isEmpty()) {
                tokens.set(tokens.size() - 1, tokens.get(tokens.size() - 1) + piece.strip());
            } else {
                tokens.add(piece.strip());
            }
        }
        return tokens;
    }

    @Override
    public String join(List<String> tokens) {
        return String.join("", tokens);
    }
}
