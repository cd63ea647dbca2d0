package io.tunestream.model.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Encodes one DJL array as little-endian bytes of a safetensors dtype. */
final class TensorBytes {

    private TensorBytes() {
    }

    static byte[] encode(NDArray array, SafetensorsDtype dtype) {
        switch (dtype) {
            case F32:
                return converted(array, DataType.FLOAT32);
            case F16:
                return converted(array, DataType.FLOAT16);
            case BF16:
                return bfloat16(array);
            default:
                return littleEndian(array.toByteBuffer(), dtype.byteSize());
        }
    }

    private static byte[] converted(NDArray array, DataType type) {
        if (array.getDataType() == type) {
            return littleEndian(array.toByteBuffer(), type.getNumOfBytes());
        }
        try (NDArray copy = array.toType(type, true)) {
            return littleEndian(copy.toByteBuffer(), type.getNumOfBytes());
        }
    }

    private static byte[] bfloat16(NDArray array) {
        float[] values;
        if (array.getDataType() == DataType.FLOAT32) {
            values = array.toFloatArray();
        } else {
            try (NDArray copy = array.toType(DataType.FLOAT32, true)) {
                values = copy.toFloatArray();
            }
        }
        ByteBuffer out = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            out.putShort(Bfloat16.fromFloat(value));
        }
        return out.array();
    }

    /** DJL hands out native-order buffers; safetensors is little-endian whatever the host. */
    private static byte[] littleEndian(ByteBuffer data, int elementSize) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        if (data.order() == ByteOrder.BIG_ENDIAN && elementSize > 1) {
            for (int i = 0; i < bytes.length; i += elementSize) {
                for (int a = i, b = i + elementSize - 1; a < b; a++, b--) {
                    byte t = bytes[a];
                    bytes[a] = bytes[b];
                    bytes[b] = t;
                }
            }
        }
        return bytes;
    }
}
