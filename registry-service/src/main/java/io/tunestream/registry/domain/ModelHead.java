package io.tunestream.registry.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-model bookkeeping that the versions alone do not hold: the latest version number (versions are
 * monotonic even when the newest is archived) and, per alias, the stack of versions it has pointed to, so that
 * a rollback returns to the previous holder.
 *
 * @param name          model name
 * @param latestVersion highest version ever registered (0 when none)
 * @param aliasHistory  per alias, the versions it pointed to, oldest first; the last one is the current holder
 */
public record ModelHead(String name, int latestVersion, Map<String, List<Integer>> aliasHistory) {

    /** History entries kept per alias; older ones are dropped (rollback depth). */
    public static final int MAX_HISTORY = 100;

    public ModelHead {
        aliasHistory = copy(aliasHistory == null ? Map.of() : aliasHistory);
    }

    /** A model with no version yet. */
    public static ModelHead empty(String name) {
        return new ModelHead(name, 0, Map.of());
    }

    /** The version an alias points to now. */
    public Optional<Integer> holder(String alias) {
        List<Integer> history = aliasHistory.get(alias);
        return history == null || history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    /** The same head with the next version number taken. */
    public ModelHead withLatestVersion(int version) {
        return new ModelHead(name, version, aliasHistory);
    }

    /** The same head with the alias moved to a version (pushed on its history). */
    public ModelHead withAliasPushed(String alias, int version) {
        Map<String, List<Integer>> next = copy(aliasHistory);
        List<Integer> history = next.computeIfAbsent(alias, a -> new ArrayList<>());
        history.add(version);
        if (history.size() > MAX_HISTORY) {
            history.remove(0);
        }
        return new ModelHead(name, latestVersion, next);
    }

    /** The same head with the alias's current holder popped from its history. */
    public ModelHead withAliasPopped(String alias) {
        Map<String, List<Integer>> next = copy(aliasHistory);
        List<Integer> history = next.get(alias);
        history.remove(history.size() - 1);
        return new ModelHead(name, latestVersion, next);
    }

    /** The current holder of every alias. */
    public Map<String, Integer> aliases() {
        Map<String, Integer> aliases = new LinkedHashMap<>();
        aliasHistory.keySet().forEach(alias -> holder(alias).ifPresent(v -> aliases.put(alias, v)));
        return aliases;
    }

    private static Map<String, List<Integer>> copy(Map<String, List<Integer>> source) {
        Map<String, List<Integer>> copy = new LinkedHashMap<>();
        source.forEach((alias, versions) -> copy.put(alias, new ArrayList<>(versions)));
        return copy;
    }
}
