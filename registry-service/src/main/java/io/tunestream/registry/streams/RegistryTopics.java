package io.tunestream.registry.streams;

import io.tunestream.schemas.Topics;

/**
 * The topics the registry reads and writes, under one prefix. The commands topic is the registry's own input
 * log: every evaluation to register and every API change, keyed by model name, so that one task applies all
 * changes of a model in order.
 *
 * @param evaluations    evaluations in
 * @param evaluationsDlq poison evaluations
 * @param commands       registry input log (internal: registrations + API commands)
 * @param commandsDlq    poison commands
 * @param models         compacted registry state out (key name/version)
 * @param deployments    deployment events out (key model name)
 * @param reports        stage reports of the data stages in (key dataset {@code id@version}), for lineage
 */
public record RegistryTopics(String evaluations, String evaluationsDlq, String commands, String commandsDlq,
                             String models, String deployments, String reports) {

    /** Base name of the registry's internal input log. */
    public static final String COMMANDS = Topics.REGISTRY_COMMANDS;

    /** The topics under a prefix ({@code tunestream.} by default). */
    public static RegistryTopics withPrefix(String prefix) {
        String evaluations = Topics.name(prefix, Topics.EVALUATIONS);
        String commands = Topics.name(prefix, Topics.REGISTRY_COMMANDS);
        return new RegistryTopics(evaluations, Topics.dlq(evaluations), commands, Topics.dlq(commands),
                Topics.name(prefix, Topics.MODELS), Topics.name(prefix, Topics.DEPLOYMENTS),
                Topics.name(prefix, Topics.DATASETS_REPORTS));
    }
}
