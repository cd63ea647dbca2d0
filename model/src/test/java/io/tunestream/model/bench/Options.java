package io.tunestream.model.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name value} command-line options over defaults; {@code --threads} defaults to all cores. */
final class Options {

    private Options() {}

    /**
     * @param args the command line
     * @param defaults every known option with its default
     * @return the options, defaults replaced by the given values
     * @throws IllegalArgumentException for an unknown option or a missing value
     */
    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> opt = new LinkedHashMap<>(defaults);
        opt.putIfAbsent("threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length || !args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got: " + String.join(" ", args));
            }
            String key = args[i].substring(2);
            if (!opt.containsKey(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: " + opt.keySet());
            }
            opt.put(key, args[i + 1]);
        }
        return opt;
    }
}
