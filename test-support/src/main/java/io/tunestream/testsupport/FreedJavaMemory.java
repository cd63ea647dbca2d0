package io.tunestream.testsupport;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * For tests of code that hands Java memory to native code (DJL makes arrays of Java values over direct buffers): has
 * the garbage collector free every direct buffer nothing refers to any more, then fills new buffers, which the
 * allocator may place in the freed memory, with junk. Native code still reading freed memory then reads junk (or
 * faults) instead of, by luck, the values that were there.
 */
public final class FreedJavaMemory {

    private FreedJavaMemory() {
    }

    /**
     * @return the junk buffers (about 64 MB, from 4 bytes to 4 MB): keep them reachable for as long as the freed
     *     memory should stay overwritten
     */
    public static List<ByteBuffer> freeAndScribble() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100); // the cleaner thread frees the buffers after the collection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ByteBuffer> junk = new ArrayList<>();
        for (int size = 4; size <= 1 << 22; size *= 2) {
            for (int k = 0; k < 8; k++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(size);
                while (buffer.hasRemaining()) {
                    buffer.put((byte) 0x7f);
                }
                junk.add(buffer);
            }
        }
        return junk;
    }
}
