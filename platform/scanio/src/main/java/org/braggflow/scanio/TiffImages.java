package org.braggflow.scanio;

import org.braggflow.api.files.AtomicFiles;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Single-band TIFF pages as float arrays, through the JDK's own TIFF plugin (javax.imageio, Java 9+):
 * uint16 and float32 pages, one page or a multi-page sequence.
 */
public final class TiffImages {

    private TiffImages() {
    }

    /** A float32 single-band image of {@code rows x cols} values in row-major order. */
    public static BufferedImage float32(float[] values, int rows, int cols) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        WritableRaster raster = cm.createCompatibleWritableRaster(cols, rows);
        raster.setSamples(0, 0, cols, rows, 0, values);
        return new BufferedImage(cm, raster, false, null);
    }

    /** A uint16 image; values are rounded and clamped to [0, 65535]. */
    public static BufferedImage uint16(float[] values, int rows, int cols) {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = img.getRaster();
        int[] v = new int[values.length];
        for (int i = 0; i < v.length; i++) v[i] = (int) Math.max(0, Math.min(65535, Math.round(values[i])));
        raster.setSamples(0, 0, cols, rows, 0, v);
        return img;
    }

    /** Writes one float32 page, atomically (temporary name, then move). */
    public static void writeFloat32(Path file, float[] values, int rows, int cols) throws IOException {
        try (Sequence s = Sequence.open(file)) {
            s.append(float32(values, rows, cols));
        }
    }

    /** The first band of a page as floats, with its size. */
    public static float[] samples(Raster raster) {
        return raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), 0, (float[]) null);
    }

    /**
     * Reads a single-page map of {@code rows x cols} values (an XRF map), rejecting any other size
     * with a message naming the file.
     */
    public static float[] readMap(Path file, int rows, int cols) throws ScanFormatException {
        ImageReader reader = null;
        try {
            reader = reader(file);
            Raster raster = reader.read(0).getRaster();
            if (raster.getHeight() != rows || raster.getWidth() != cols) {
                throw new ScanFormatException(file, "map is " + raster.getHeight() + " x " + raster.getWidth()
                        + ", the scan is " + rows + " x " + cols + " positions");
            }
            return samples(raster);
        } catch (ScanFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ScanFormatException(file, "is not a readable TIFF: " + e.getMessage(), e);
        } finally {
            if (reader != null) close(reader);
        }
    }

    /** Opens a TIFF for reading pages; the caller closes the reader's input. */
    public static ImageReader reader(Path file) throws IOException {
        ImageReader reader = jdkPlugin(ImageIO.getImageReadersByFormatName("tiff"));
        if (reader == null) throw new IOException("this Java has no TIFF reader");
        ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
        if (in == null) throw new IOException(file + ": cannot be opened");
        reader.setInput(in, false, true);
        return reader;
    }

    /**
     * The JDK's own TIFF plugin when several are registered (other plugins on the class path may not
     * handle float32 pages), else the first one, else null.
     */
    static <T> T jdkPlugin(Iterator<T> plugins) {
        T first = null;
        while (plugins.hasNext()) {
            T p = plugins.next();
            if (p.getClass().getName().startsWith("com.sun.imageio.plugins.tiff.")) return p;
            if (first == null) first = p;
        }
        return first;
    }

    /** Closes a reader made by {@link #reader(Path)} and its input. */
    public static void close(ImageReader reader) {
        Object in = reader.getInput();
        reader.dispose();
        if (in instanceof ImageInputStream s) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing to recover: the file was only read
            }
        }
    }

    /** A multi-page TIFF being written; pages are appended in order, the file appears on close. */
    public static final class Sequence implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final ImageOutputStream out;
        private final ImageWriter writer;
        private final java.io.OutputStream underlying;

        private Sequence(Path target, Path tmp, ImageOutputStream out, ImageWriter writer, java.io.OutputStream underlying) {
            this.target = target;
            this.tmp = tmp;
            this.out = out;
            this.writer = writer;
            this.underlying = underlying;
        }

        public static Sequence open(Path target) throws IOException {
            ImageWriter writer = jdkPlugin(ImageIO.getImageWritersByFormatName("tiff"));
            if (writer == null) throw new IOException("this Java has no TIFF writer");
            Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
            Files.deleteIfExists(tmp);
            // a memory-cached stream over a buffered file: the TIFF writer seeks back to patch offsets
            // in small writes, which straight onto a RandomAccessFile cost one system call each
            java.io.OutputStream stream = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
            ImageOutputStream out = new MemoryCacheImageOutputStream(stream);
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            return new Sequence(target, tmp, out, writer, stream);
        }

        public void append(BufferedImage page) throws IOException {
            writer.writeToSequence(new IIOImage(page, null, null), null);
        }

        @Override
        public void close() throws IOException {
            writer.endWriteSequence();
            writer.dispose();
            out.close();
            underlying.close();
            AtomicFiles.moveOver(tmp, target);
        }
    }
}
