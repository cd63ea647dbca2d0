package io.tunestream.trainer.recipe;

import io.tunestream.events.TrainingRecipe;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The recipes known at one moment: every stored version, by name. A name whose newest version is a delete marker
 * is retired: it has no latest recipe, and none of its versions can be used.
 */
public final class RecipeBook {

    private final Map<String, TreeMap<Integer, TrainingRecipe>> byName;

    /** @param versions every stored recipe version (the values of the compacted topic), in any order */
    public RecipeBook(Collection<TrainingRecipe> versions) {
        this.byName = versions.stream().collect(Collectors.groupingBy(TrainingRecipe::getName, TreeMap::new,
                Collectors.toMap(TrainingRecipe::getVersion, r -> r, (a, b) -> b, TreeMap::new)));
    }

    /** @return the compacted topic's key of a recipe version: {@code name@version} */
    public static String key(String name, int version) {
        return name + "@" + version;
    }

    /** @return the version the next write of this name gets (1 for a new name; versions are never reused) */
    public int nextVersion(String name) {
        TreeMap<Integer, TrainingRecipe> versions = byName.get(name);
        return versions == null ? 1 : versions.lastKey() + 1;
    }

    /** @return whether the name's newest version is a delete marker */
    public boolean isDeleted(String name) {
        TreeMap<Integer, TrainingRecipe> versions = byName.get(name);
        return versions != null && versions.lastEntry().getValue().getDeleted();
    }

    /** @return the newest version of a name, unless the name is unknown or deleted */
    public Optional<TrainingRecipe> latest(String name) {
        TreeMap<Integer, TrainingRecipe> versions = byName.get(name);
        return versions == null || isDeleted(name) ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
    }

    /** @return one stored version (a delete marker included), whatever the name's state */
    public Optional<TrainingRecipe> version(String name, int version) {
        return Optional.ofNullable(byName.getOrDefault(name, new TreeMap<>()).get(version));
    }

    /** @return every version of a name, oldest first */
    public List<TrainingRecipe> versions(String name) {
        return List.copyOf(byName.getOrDefault(name, new TreeMap<>()).values());
    }

    /** @return the newest version of every name not deleted, by name */
    public List<TrainingRecipe> live() {
        return byName.keySet().stream().map(this::latest).flatMap(Optional::stream).toList();
    }

    /** @return the live recipes whose latest version follows this dataset id (continuous training), by name */
    public List<TrainingRecipe> followers(String datasetId) {
        return live().stream().filter(r -> datasetId.equals(r.getFollowDatasetId()))
                .sorted(Comparator.comparing(TrainingRecipe::getName)).toList();
    }
}
