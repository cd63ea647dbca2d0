package io.tunestream.kafka.toolkit;

import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NativeCompressionTest {

    @Test
    void shouldMakeTheFastestLz4InstanceNativeWhenTheLibraryLoads() {
        // When
        String state = NativeCompression.enable();
        // Then: this build machine is linux/amd64, which lz4-java ships a library for
        assertThat(state).isEqualTo("LZ4Factory:JNI");
        assertThat(LZ4Factory.fastestInstance().fastCompressor().getClass().getSimpleName())
                .isEqualTo("LZ4JNICompressor");
        assertThat(NativeCompression.enable()).isSameAs(state);
    }
}
