package io.tunestream.sampledata;

/**
 * A labelled text record made from one e-mail.
 *
 * @param id    the source record id ({@code <folder>/<file id>})
 * @param text  subject, a blank line, then the plain-text body
 * @param label {@code spam} or {@code ham}
 * @param group thread key: records of one conversation share it, so splits can keep them together
 */
public record SampleRecord(String id, String text, String label, String group) {
}
