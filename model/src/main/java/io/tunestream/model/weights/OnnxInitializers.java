package io.tunestream.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the float initializers of an ONNX export of a Hugging Face model under their HF
 * parameter names. Named initializers keep their names; anonymous MatMul weights ({@code
 * onnx::MatMul_<id>}, [in, out]) are named after the node that consumes them ({@code
 * /encoder/layer.0/attention/self/query/MatMul} becomes {@code
 * encoder.layer.0.attention.self.query.weight}) and transposed to PyTorch's [out, in].
 */
public final class OnnxInitializers {

    private OnnxInitializers() {}

    /**
     * A float32 tensor on the Java heap.
     *
     * @param values row-major values
     * @param shape dimensions
     */
    public record HostTensor(float[] values, Shape shape) {
        /** @return the tensor as an NDArray owned by {@code manager} */
        public NDArray toArray(NDManager manager) {
            return manager.create(FloatBuffer.wrap(values), shape);
        }
    }

    /**
     * @param onnx the model bytes
     * @param source name of the file, for error messages
     * @param manager owner of the created arrays
     * @return float32 tensors by HF name
     */
    public static Map<String, NDArray> read(InputStream onnx, String source, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        readHost(onnx, source).forEach((name, tensor) -> out.put(name, tensor.toArray(manager)));
        return out;
    }

    /**
     * @param onnx the model bytes
     * @param source name of the file, for error messages
     * @return float32 tensors by HF name, on the heap
     */
    public static Map<String, HostTensor> readHost(InputStream onnx, String source) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnx);
        } catch (IOException e) {
            throw new ModelLoadException("cannot parse ONNX model " + source, e);
        }
        GraphProto graph = model.getGraph();
        Map<String, NodeProto> consumers = consumers(graph);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (TensorProto tensor : graph.getInitializerList()) {
            if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
                continue; // index buffers such as embeddings.position_ids
            }
            String name = tensor.getName();
            NodeProto consumer = consumers.get(name);
            if (!name.startsWith("onnx::")) {
                out.put(name, toHost(tensor, false));
            } else if (consumer != null && "MatMul".equals(consumer.getOpType())) {
                out.put(moduleName(consumer.getName()) + ".weight", toHost(tensor, true));
            }
        }
        return out;
    }

    private static Map<String, NodeProto> consumers(GraphProto graph) {
        Map<String, NodeProto> map = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            for (String input : node.getInputList()) {
                map.putIfAbsent(input, node);
            }
        }
        return map;
    }

    /** {@code /encoder/layer.0/attention/self/query/MatMul} to {@code encoder.layer.0.attention.self.query}. */
    static String moduleName(String nodeName) {
        String path = nodeName.startsWith("/") ? nodeName.substring(1) : nodeName;
        int cut = path.lastIndexOf('/');
        return (cut < 0 ? path : path.substring(0, cut)).replace('/', '.');
    }

    private static HostTensor toHost(TensorProto tensor, boolean transpose) {
        long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
        float[] values = floats(tensor);
        if (transpose && dims.length == 2) {
            values = transpose(values, (int) dims[0], (int) dims[1]);
            dims = new long[] {dims[1], dims[0]};
        }
        return new HostTensor(values, new Shape(dims));
    }

    private static float[] floats(TensorProto tensor) {
        if (!tensor.getRawData().isEmpty()) {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[raw.remaining() / Float.BYTES];
            raw.asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
        }
        return values;
    }

    private static float[] transpose(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = v[r * cols + c];
            }
        }
        return t;
    }
}
