package io.tunestream.model.optim;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decides by parameter name which parameters get no weight decay. The default follows the
 * Hugging Face recipe ({@code no_decay = ["bias", "LayerNorm.weight"]}, and RMSNorm for LLaMA): biases,
 * and every weight of a normalisation layer, in HF names ({@code encoder.layer.0.output.LayerNorm.weight},
 * {@code model.layers.3.input_layernorm.weight}, {@code model.norm.weight}) and DJL names
 * ({@code 02LayerNorm_gamma}, {@code ..._beta}).
 */
public final class NoDecayRule implements Predicate<String> {

    /** Biases, and the weights of LayerNorm / RMSNorm layers. */
    public static final NoDecayRule DEFAULT = new NoDecayRule();

    private static final Pattern SEPARATORS = Pattern.compile("[._/]");

    private NoDecayRule() {
    }

    /**
     * @param parameterName the parameter's name (path)
     * @return true when the parameter must not be decayed
     */
    @Override
    public boolean test(String parameterName) {
        String[] parts = SEPARATORS.split(parameterName.toLowerCase(Locale.ROOT));
        String last = parts[parts.length - 1];
        if (last.endsWith("bias") || last.equals("beta")) {
            return true;
        }
        for (String part : parts) {
            if (part.contains("norm") || part.startsWith("ln")) {
                return true;
            }
        }
        return false;
    }
}
