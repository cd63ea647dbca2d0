package io.tunestream.registry.domain;

/**
 * A change asked for through the API: promote a version to an alias, roll an alias back, or archive a version.
 *
 * @param commandId   unique id; becomes the deployment event's id
 * @param action      PROMOTE, ROLLBACK or ARCHIVE
 * @param modelName   model name
 * @param version     target version (PROMOTE, ARCHIVE)
 * @param alias       alias to move (PROMOTE, ROLLBACK)
 * @param force       allow an unblessed version to become champion
 * @param actor       authenticated principal
 * @param requestedAt epoch milliseconds
 */
public record RegistryCommand(String commandId, Action action, String modelName, Integer version, String alias,
                              boolean force, String actor, long requestedAt) {

    /** What the command asks for. */
    public enum Action { PROMOTE, ROLLBACK, ARCHIVE }
}
