package io.tunestream.registry.domain;

/**
 * What became of a {@link RegistryCommand}; kept briefly so that the API can answer its caller.
 *
 * @param commandId       the command
 * @param accepted        whether it was applied
 * @param rejection       why not (null when accepted)
 * @param message         the reason in words, or a summary of the change
 * @param version         version the alias now points to / that was archived
 * @param previousVersion version the alias pointed to before
 * @param at              epoch milliseconds of the decision
 */
public record CommandOutcome(String commandId, boolean accepted, RegistryRejection.Kind rejection, String message,
                             Integer version, Integer previousVersion, long at) {
}
