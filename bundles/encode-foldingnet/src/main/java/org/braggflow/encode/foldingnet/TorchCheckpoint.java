package org.braggflow.encode.foldingnet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Reads the tensors of a PyTorch {@code state_dict} saved with {@code torch.save} in the zip format
 * (torch 1.6 and later): {@code <name>/data.pkl} is a pickle of an ordered dict of tensors, and each
 * tensor's storage is a raw file {@code <name>/data/<key>}.
 *
 * <p>The pickle is read by a pickle reader that builds plain Java values and never runs anything from
 * the file: the only Python names given a meaning here are {@code collections.OrderedDict},
 * {@code torch._utils._rebuild_tensor_v2} and the float storage types; a checkpoint that holds any
 * other object where a tensor belongs is rejected. Storages are little-endian unless the archive's
 * {@code byteorder} record says otherwise.
 */
final class TorchCheckpoint {

    /** One tensor of the state dict, copied out of its storage into row-major order. */
    record Tensor(String name, int[] shape, float[] values) {

        String shapeText() {
            return Arrays.toString(shape);
        }
    }

    /** Element type of a storage, named by the pickle's global (for example {@code torch FloatStorage}). */
    private record StorageType(String name, int bytes) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("a storage type is never called in a state dict: " + name);
        }
    }

    /** A storage reference as the pickle's persistent id names it. */
    private record StorageRef(String key, StorageType type, long elements) {
    }

    /**
     * What {@code _rebuild_tensor_v2(storage, offset, size, stride, ...)} describes. The sequence
     * number restores the file order of the dict, which the pickle reader's SETITEMS does not keep.
     */
    private record TensorRef(StorageRef storage, long offset, long[] size, long[] stride, long sequence) {
    }

    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    /** An {@code OrderedDict}; its pickled attributes (torch's {@code _metadata}) are not needed. */
    public static final class OrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;

        /** Called by the pickle reader for the BUILD opcode; the state is ignored. */
        public void __setstate__(HashMap<?, ?> state) {
            // torch's module metadata (versions of each submodule) does not change the tensors
        }
    }

    static {
        Unpickler.registerConstructor("collections", "OrderedDict", args -> new OrderedDict());
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", TorchCheckpoint::rebuildTensor);
        Unpickler.registerConstructor("torch", "FloatStorage", new StorageType("FloatStorage", 4));
        Unpickler.registerConstructor("torch", "DoubleStorage", new StorageType("DoubleStorage", 8));
    }

    private TorchCheckpoint() {
    }

    /** Every tensor of the checkpoint's state dict, in the order of the file. */
    static Map<String, Tensor> readStateDict(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = archivePrefix(zip, file);
            ByteOrder order = byteOrder(zip, prefix);
            Object root;
            try (InputStream in = zip.getInputStream(zip.getEntry(prefix + "data.pkl"))) {
                root = new StorageUnpickler().load(in);
            } catch (PickleException e) {
                throw new IOException(file + " is not a readable PyTorch state dict: " + e.getMessage(), e);
            }
            if (!(root instanceof Map<?, ?> dict)) {
                throw new IOException(file + " holds a " + typeName(root) + ", not a state dict of tensors");
            }
            List<Map.Entry<?, ?>> entries = new ArrayList<>(dict.entrySet());
            for (Map.Entry<?, ?> e : entries) {
                if (!(e.getValue() instanceof TensorRef)) {
                    throw new IOException(file + ": entry '" + e.getKey() + "' is a " + typeName(e.getValue())
                            + ", not a tensor; only plain state dicts can be imported");
                }
            }
            entries.sort(java.util.Comparator.comparingLong(e -> ((TensorRef) e.getValue()).sequence()));
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, byte[]> storages = new HashMap<>();
            for (Map.Entry<?, ?> e : entries) {
                String name = String.valueOf(e.getKey());
                TensorRef ref = (TensorRef) e.getValue();
                byte[] bytes = storages.get(ref.storage().key());
                if (bytes == null) {
                    bytes = readEntry(zip, prefix + "data/" + ref.storage().key(), file);
                    storages.put(ref.storage().key(), bytes);
                }
                tensors.put(name, materialise(name, ref, bytes, order));
            }
            return stripDataParallelPrefix(tensors);
        }
    }

    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
            throw new PickleException("_rebuild_tensor_v2 called with unexpected arguments");
        }
        return new TensorRef(storage, number(args[1]), longs(args[2]), longs(args[3]), SEQUENCE.getAndIncrement());
    }

    /** Resolves {@code ('storage', type, key, location, numel)} persistent ids to storage references. */
    private static final class StorageUnpickler extends Unpickler {
        @Override
        protected Object persistentLoad(Object pid) {
            if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0])) {
                throw new PickleException("unsupported persistent id " + describe(pid));
            }
            if (!(t[1] instanceof StorageType type)) {
                throw new PickleException("unsupported storage type " + describe(t[1])
                        + " (float32 and float64 tensors can be imported)");
            }
            return new StorageRef(String.valueOf(t[2]), type, number(t[4]));
        }
    }

    /** Copies a strided view of a storage into a dense row-major float array. */
    private static Tensor materialise(String name, TensorRef ref, byte[] storage, ByteOrder order) throws IOException {
        int rank = ref.size().length;
        if (ref.stride().length != rank) throw new IOException("tensor '" + name + "' has sizes and strides of different rank");
        int[] shape = new int[rank];
        long count = 1;
        long lastElement = ref.offset();
        for (int d = 0; d < rank; d++) {
            if (ref.size()[d] < 0 || ref.size()[d] > Integer.MAX_VALUE) throw new IOException("tensor '" + name + "' has size " + ref.size()[d]);
            shape[d] = (int) ref.size()[d];
            count *= shape[d];
            if (shape[d] > 0) lastElement += (shape[d] - 1) * ref.stride()[d];
        }
        int bytes = ref.storage().type().bytes();
        long available = storage.length / bytes;
        if (count > 0 && (ref.offset() < 0 || lastElement >= available)) {
            throw new IOException("tensor '" + name + "' reaches element " + lastElement + " of a storage of " + available);
        }
        ByteBuffer buf = ByteBuffer.wrap(storage).order(order);
        float[] values = new float[Math.toIntExact(count)];
        int[] index = new int[rank];
        for (int i = 0; i < values.length; i++) {
            long element = ref.offset();
            for (int d = 0; d < rank; d++) element += index[d] * ref.stride()[d];
            int at = Math.toIntExact(element * bytes);
            values[i] = bytes == 4 ? buf.getFloat(at) : (float) buf.getDouble(at);
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        return new Tensor(name, shape, values);
    }

    /** The folder name every entry of the archive starts with, ending in '/'. */
    private static String archivePrefix(ZipFile zip, Path file) throws IOException {
        List<String> found = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            String n = en.nextElement().getName();
            if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) found.add(n);
        }
        if (found.size() != 1) {
            throw new IOException(file + " is not a PyTorch zip checkpoint (expected one <name>/data.pkl, found " + found + ")");
        }
        String pkl = found.get(0);
        return pkl.substring(0, pkl.length() - "data.pkl".length());
    }

    private static ByteOrder byteOrder(ZipFile zip, String prefix) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) return ByteOrder.LITTLE_ENDIAN;
        try (InputStream in = zip.getInputStream(e)) {
            String s = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            return s.equals("big") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        }
    }

    private static byte[] readEntry(ZipFile zip, String name, Path file) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) throw new IOException(file + " lacks the storage " + name);
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    /** A model saved from {@code nn.DataParallel} prefixes every name with {@code module.}. */
    private static Map<String, Tensor> stripDataParallelPrefix(Map<String, Tensor> tensors) {
        if (tensors.isEmpty() || !tensors.keySet().stream().allMatch(k -> k.startsWith("module."))) return tensors;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Tensor t : tensors.values()) {
            String n = t.name().substring("module.".length());
            out.put(n, new Tensor(n, t.shape(), t.values()));
        }
        return out;
    }

    private static long number(Object o) {
        if (o instanceof Number n) return n.longValue();
        throw new PickleException("expected an integer, found " + describe(o));
    }

    private static long[] longs(Object o) {
        if (!(o instanceof Object[] t)) throw new PickleException("expected a tuple of integers, found " + describe(o));
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) out[i] = number(t[i]);
        return out;
    }

    private static String describe(Object o) {
        return o instanceof Object[] t ? Arrays.deepToString(t) : String.valueOf(o);
    }

    private static String typeName(Object o) {
        if (o instanceof net.razorvine.pickle.objects.ClassDict cd) return "Python object " + cd.getClassName();
        return o == null ? "None" : o.getClass().getSimpleName();
    }
}
