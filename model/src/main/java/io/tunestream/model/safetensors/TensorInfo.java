package io.tunestream.model.safetensors;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One header entry of a safetensors file.
 *
 * @param name the tensor's key
 * @param dtype the element type on disk
 * @param shape the dimensions (empty for a scalar)
 * @param begin first byte of the data, relative to the end of the header
 * @param end one past the last byte, relative to the end of the header
 * @param file the file holding the data (the shard, for a sharded checkpoint)
 */
public record TensorInfo(String name, SafetensorsDtype dtype, long[] shape, long begin, long end, Path file) {

    /** @return number of elements (1 for a scalar) */
    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** @return bytes the data occupies on disk */
    public long byteLength() {
        return end - begin;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorInfo that && name.equals(that.name) && dtype == that.dtype
                && Arrays.equals(shape, that.shape) && begin == that.begin && end == that.end
                && file.equals(that.file);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + "{" + dtype + " " + Arrays.toString(shape) + " [" + begin + "," + end + ")}";
    }
}
