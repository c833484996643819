package org.braggflow.api.stage;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The order in which a parameter declaration lists its methods, read from its class file: the Java
 * compiler writes methods in source order, while reflection returns them in no promised order. Only
 * the class file's constant pool and method table are read (about forty lines, where a bytecode
 * library would be a new dependency of every bundle's API).
 */
final class DeclarationOrder {

    private DeclarationOrder() {
    }

    /** Method names in class-file order, or empty when the class file cannot be read. */
    static Optional<List<String>> of(Class<?> type) {
        String resource = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream raw = type.getResourceAsStream(resource)) {
            if (raw == null) return Optional.empty();
            return Optional.of(methodNames(new DataInputStream(raw)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<String> methodNames(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort();                  // minor version
        in.readUnsignedShort();                  // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;                         // long and double take two entries
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.skipNBytes(6);                        // access flags, this class, super class
        in.skipNBytes(2L * in.readUnsignedShort());  // interfaces
        skipMembers(in, null, utf8);             // fields
        List<String> methods = new ArrayList<>();
        skipMembers(in, methods, utf8);
        return methods;
    }

    private static void skipMembers(DataInputStream in, List<String> names, String[] utf8) throws IOException {
        int members = in.readUnsignedShort();
        for (int m = 0; m < members; m++) {
            in.skipNBytes(2);                    // access flags
            int name = in.readUnsignedShort();
            in.skipNBytes(2);                    // descriptor
            if (names != null) names.add(utf8[name]);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.skipNBytes(2);
                in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
            }
        }
    }
}
