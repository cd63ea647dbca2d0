package io.tunestream.kafka.toolkit;

import net.jpountz.lz4.LZ4Factory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the Kafka clients of a service compress LZ4 with lz4-java's JNI library instead of its pure-Java fallback.
 * lz4-java ({@code at.yawk.lz4} 1.10) only loads its native library by itself under the system class loader;
 * under any other (Quarkus' {@code RunnerClassLoader}, a test framework's) {@code LZ4Factory.fastestInstance()},
 * which Kafka's LZ4 streams call, returns the safe Java compressor, several times slower, unless the native library
 * was already loaded. A service that owns its class loader calls {@link #enable()} once at start: it loads the
 * library through {@code LZ4Factory.nativeInstance()}, after which every {@code fastestInstance()} is native. Where
 * the library cannot load (an unsupported platform) the clients keep the Java compressor and the log says why.
 */
public final class NativeCompression {

    private static final Logger LOG = LoggerFactory.getLogger(NativeCompression.class);
    private static String state;

    private NativeCompression() {
    }

    /** @return what LZ4 compression now runs on, e.g. {@code LZ4Factory:JNI} */
    public static synchronized String enable() {
        if (state == null) {
            try {
                LZ4Factory.nativeInstance();
                state = LZ4Factory.fastestInstance().toString();
                LOG.info("LZ4 compression of the Kafka clients: {}", state);
            } catch (Throwable e) { // UnsatisfiedLinkError and friends: the Java compressor stays
                state = LZ4Factory.fastestInstance().toString();
                LOG.warn("LZ4 compression of the Kafka clients stays {}: lz4-java's native library did not load ({})",
                        state, e.toString());
            }
        }
        return state;
    }
}
