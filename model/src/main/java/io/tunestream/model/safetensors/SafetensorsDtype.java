package io.tunestream.model.safetensors;

import ai.djl.ndarray.types.DataType;
import java.util.Optional;

/**
 * Element types of the safetensors format, declared in the reference implementation's order
 * (increasing alignment): the writer sorts tensors by descending order of this enum, then by name,
 * exactly as {@code safetensors::tensor::prepare} does, so our files are byte-identical to theirs.
 */
public enum SafetensorsDtype {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4), F64(8), I64(8), U64(8);

    private final int byteSize;

    SafetensorsDtype(int byteSize) {
        this.byteSize = byteSize;
    }

    /** @return bytes per element on disk */
    public int byteSize() {
        return byteSize;
    }

    /** @return true for the floating-point types that are loaded as FLOAT32 */
    public boolean isFloatingPoint() {
        return this == F16 || this == BF16 || this == F32 || this == F64;
    }

    /**
     * @param wireName the {@code dtype} string of a header entry
     * @return the type, or empty for a name the format does not define
     */
    public static Optional<SafetensorsDtype> fromWireName(String wireName) {
        for (SafetensorsDtype dtype : values()) {
            if (dtype.name().equals(wireName)) {
                return Optional.of(dtype);
            }
        }
        return Optional.empty();
    }

    /**
     * The on-disk type of a DJL array of a non-floating-point type (floating-point arrays are written
     * in the writer's chosen float type).
     *
     * @param dataType a DJL element type
     * @return the matching safetensors type
     * @throws IllegalArgumentException for a type safetensors cannot hold
     */
    public static SafetensorsDtype ofInteger(DataType dataType) {
        switch (dataType) {
            case BOOLEAN: return BOOL;
            case UINT8: return U8;
            case INT8: return I8;
            case INT16: return I16;
            case INT32: return I32;
            case INT64: return I64;
            case UINT32: return U32;
            case UINT64: return U64;
            default: throw new IllegalArgumentException("no safetensors type for DJL type " + dataType);
        }
    }

    /**
     * @return the DJL type a tensor of this type is loaded as (floating-point ones become FLOAT32)
     * @throws UnsupportedOperationException for types DJL cannot hold (FP8, U16)
     */
    public DataType loadedAs() {
        switch (this) {
            case F16: case BF16: case F32: case F64: return DataType.FLOAT32;
            case BOOL: return DataType.BOOLEAN;
            case U8: return DataType.UINT8;
            case I8: return DataType.INT8;
            case I16: return DataType.INT16;
            case I32: return DataType.INT32;
            case I64: return DataType.INT64;
            case U32: return DataType.UINT32;
            case U64: return DataType.UINT64;
            default: throw new UnsupportedOperationException("safetensors dtype " + this + " cannot be loaded");
        }
    }
}
