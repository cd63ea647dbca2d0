package io.tunestream.registry.domain;

import java.util.Map;

/**
 * Registration and promotion rules.
 *
 * @param registerUnblessed   register versions from evaluations that were not blessed too
 * @param autoPromoteDefault  promote blessed new versions to champion when no per-model rule exists
 * @param autoPromote         per model name: promote blessed new versions to champion automatically
 * @param resources           resource hints copied onto every deployment event (cpu, memory, nvidia.com/gpu)
 */
public record RegistryPolicy(boolean registerUnblessed, boolean autoPromoteDefault,
                             Map<String, Boolean> autoPromote, Map<String, String> resources) {

    public RegistryPolicy {
        autoPromote = Map.copyOf(autoPromote);
        resources = Map.copyOf(resources);
    }

    /** Whether blessed new versions of this model become champion without a person. */
    public boolean autoPromotes(String name) {
        return autoPromote.getOrDefault(name, autoPromoteDefault);
    }
}
