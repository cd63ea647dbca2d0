package io.tunestream.launcher;

/**
 * One running part of the stack, as the status table shows it.
 *
 * @param name    e.g. {@code kafka} or {@code clean-service}
 * @param address where it listens
 * @param pid     its process id ({@code ProcessHandle.current().pid()} for the in-process broker)
 * @param detail  anything else worth showing (mode, log file)
 */
public record StackComponent(String name, String address, long pid, String detail) {
}
