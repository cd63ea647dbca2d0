package io.tunestream.model.safetensors;

/**
 * bfloat16 bit conversions done in Java: DJL's {@code toType(DataType.BFLOAT16)} aborts the JVM on
 * the PyTorch engine (see FACTS.md), and bfloat16 is just the top half of a float32.
 */
final class Bfloat16 {

    private static final short CANONICAL_NAN = 0x7FC0;

    private Bfloat16() {
    }

    /**
     * @param bits the 16 stored bits
     * @return the exact float32 value (bfloat16 to float32 is lossless)
     */
    static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /**
     * Rounds to nearest, ties to even, like PyTorch's {@code c10::BFloat16} constructor; NaN stays NaN.
     *
     * @param value a float32
     * @return the 16 bits of the nearest bfloat16
     */
    static short fromFloat(float value) {
        if (Float.isNaN(value)) {
            return CANONICAL_NAN;
        }
        int bits = Float.floatToRawIntBits(value);
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }
}
