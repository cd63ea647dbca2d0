package io.tunestream.sampledata;

/**
 * One raw e-mail of the corpus, as stored in the npm package.
 *
 * @param id     stable record id: {@code <folder>/<file id>}, e.g. {@code spam-1/00001}
 * @param folder the corpus folder it came from ({@code easy-ham-1}, {@code spam-2}, ...)
 * @param label  {@code spam} or {@code ham}, from the folder
 * @param text   the RFC 822 message, already Unicode text (the package stores it as JSON)
 */
public record RawMessage(String id, String folder, String label, String text) {
}
