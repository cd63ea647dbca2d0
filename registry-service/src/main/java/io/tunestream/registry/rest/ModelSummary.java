package io.tunestream.registry.rest;

import java.util.Map;

/**
 * A model: its versions in brief and where its aliases point.
 *
 * @param name          model name
 * @param latestVersion highest version number
 * @param versions      number of versions (archived included)
 * @param aliases       alias to version
 */
public record ModelSummary(String name, int latestVersion, int versions, Map<String, Integer> aliases) {
}
