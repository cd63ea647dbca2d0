package io.tunestream.ingest.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into '\n'-terminated lines (a trailing '\r' dropped) and decodes each one as
 * strict UTF-8, so an invalid byte is reported on its own line. A line longer than the limit is refused
 * rather than buffered, so memory stays bounded whatever the input.
 */
final class LineSplitter {

    private final InputStream in;
    private final int maxLineBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private byte[] line = new byte[256];
    private long lineNumber;
    private boolean eof;

    LineSplitter(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Number of the line last returned (1-based). */
    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator, or null at the end of input. */
    String next() throws IOException {
        int length = 0;
        while (true) {
            if (start == end && !fill()) {
                return length == 0 && eof ? null : decode(length);
            }
            int newline = indexOfNewline();
            int chunkEnd = newline < 0 ? end : newline;
            length = append(length, chunkEnd);
            start = newline < 0 ? end : newline + 1;
            if (newline >= 0) {
                return decode(length);
            }
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buffer);
        if (n < 0) {
            eof = true;
            return false;
        }
        start = 0;
        end = n;
        return true;
    }

    private int indexOfNewline() {
        for (int i = start; i < end; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int append(int length, int chunkEnd) {
        int add = chunkEnd - start;
        if (length + add > maxLineBytes) {
            throw RejectedInputException.fatal(RejectionReason.TEXT_TOO_LONG, lineNumber + 1,
                    "line is longer than " + maxLineBytes + " bytes");
        }
        if (length + add > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + add));
        }
        System.arraycopy(buffer, start, line, length, add);
        return length + add;
    }

    private String decode(int length) {
        lineNumber++;
        int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(line, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new RejectedInputException(RejectionReason.INVALID_UTF8, lineNumber,
                    "line " + lineNumber + " is not valid UTF-8");
        }
    }
}
