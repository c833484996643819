package org.braggflow.scanio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.braggflow.api.scan.Geometry;

/**
 * {@code scan.json} of the folder formats (beamline HDF5 per angle, TIFF stacks): written last, so its
 * arrival means the scan is complete. Reading validates every field and names the first problem.
 */
public record ScanManifest(String format, String detector, List<Angle> angles, Geometry geometry,
                           int[] scanShape, List<String> files, int[] roi) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One rocking angle: the beamline scan id whose files hold it, and the angle. */
    public record Angle(long scanId, double angleDeg) {
    }

    public ScanManifest {
        angles = List.copyOf(angles);
        scanShape = scanShape == null ? null : scanShape.clone();
        files = files == null ? null : List.copyOf(files);
        roi = roi == null ? null : roi.clone();
    }

    /** A manifest whose files follow the format's naming and whose frames are whole (no region of interest). */
    public ScanManifest(String format, String detector, List<Angle> angles, Geometry geometry, int[] scanShape) {
        this(format, detector, angles, geometry, scanShape, null, null);
    }

    public double[] anglesDeg() {
        return angles.stream().mapToDouble(Angle::angleDeg).toArray();
    }

    /**
     * Whether {@code folder} holds a scan.json naming {@code format}: a cheap check for readers'
     * {@code accepts}, which must not fail; {@link #read} then validates everything.
     */
    public static boolean declaresFormat(Path folder, String format) {
        Path manifest = folder.resolve(ScanLayout.MANIFEST);
        try {
            return Files.isDirectory(folder) && Files.isRegularFile(manifest) && Files.size(manifest) < 10_000_000
                    && Files.readString(manifest).contains("\"" + format + "\"");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Reads and validates {@code <folder>/scan.json}. */
    public static ScanManifest read(Path folder) throws ScanFormatException {
        Path file = folder.resolve(ScanLayout.MANIFEST);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ScanFormatException(file, "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ScanFormatException(file, "cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new ScanFormatException(file, "must hold a JSON object");
        String format = text(root, "format", file);
        boolean areaDetector = format.equals(ScanLayout.FORMAT_HXN_AD);
        if (!format.equals(ScanLayout.FORMAT_HXN) && !format.equals(ScanLayout.FORMAT_TIFF) && !areaDetector) {
            throw new ScanFormatException(file, "format must be '" + ScanLayout.FORMAT_HXN + "', '" + ScanLayout.FORMAT_HXN_AD + "' or '"
                    + ScanLayout.FORMAT_TIFF + "', not '" + format + "'");
        }
        String detector = text(root, "detector", file);
        if (!detector.matches("[A-Za-z0-9_.-]+")) {
            throw new ScanFormatException(file, "detector name '" + detector + "' may only hold letters, digits, '_', '.', '-'");
        }
        JsonNode list = root.get("angles");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ScanFormatException(file, "needs a non-empty 'angles' list");
        }
        List<Angle> angles = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            JsonNode name = a.get("file");
            if (name != null && (!name.isTextual() || name.asText().isBlank())) {
                throw new ScanFormatException(file, "angles[" + i + "].file must be a file name in the scan's folder");
            }
            files.add(name == null ? null : name.asText());
            JsonNode id = a.get("scan_id"), deg = a.get("angle_deg");
            if (id == null || !id.canConvertToLong() || !id.isIntegralNumber()) {
                throw new ScanFormatException(file, "angles[" + i + "].scan_id must be an integer");
            }
            if (deg == null || !deg.isNumber() || !Double.isFinite(deg.asDouble())) {
                throw new ScanFormatException(file, "angles[" + i + "].angle_deg must be a finite number");
            }
            angles.add(new Angle(id.asLong(), deg.asDouble()));
        }
        Geometry geometry = geometry(root.get("geometry"), file);
        int[] shape = null;
        JsonNode s = root.get("scan_shape");
        if (format.equals(ScanLayout.FORMAT_TIFF) || areaDetector || s != null) {
            if (s == null || !s.isArray() || s.size() != 2 || !s.get(0).isInt() || !s.get(1).isInt()
                    || s.get(0).asInt() < 1 || s.get(1).asInt() < 1) {
                throw new ScanFormatException(file, "scan_shape must be [scan_rows, scan_cols] of positive integers");
            }
            shape = new int[] {s.get(0).asInt(), s.get(1).asInt()};
        }
        int[] roi = null;
        JsonNode r = root.get("roi");
        if (r != null) {
            if (!r.isArray() || r.size() != 4 || !r.get(0).isInt() || !r.get(1).isInt() || !r.get(2).isInt() || !r.get(3).isInt()
                    || r.get(0).asInt() < 0 || r.get(1).asInt() < 0 || r.get(2).asInt() < 1 || r.get(3).asInt() < 1) {
                throw new ScanFormatException(file, "roi must be [first_row, first_col, rows, cols] of the detector frame: "
                        + "non-negative start, positive size");
            }
            roi = new int[] {r.get(0).asInt(), r.get(1).asInt(), r.get(2).asInt(), r.get(3).asInt()};
        }
        boolean named = files.stream().anyMatch(java.util.Objects::nonNull);
        if (named && files.contains(null)) throw new ScanFormatException(file, "names the file of some angles but not of all");
        return new ScanManifest(format, detector, angles, geometry, shape, named ? files : null, roi);
    }

    /** The file of one angle: as scan.json names it, else the format's own name for it. */
    public String angleFile(int angle) {
        if (files != null) return files.get(angle);
        long sid = angles.get(angle).scanId();
        return format.equals(ScanLayout.FORMAT_TIFF) ? ScanLayout.tiffFile(sid, detector) : ScanLayout.hxnFile(sid, detector);
    }

    static Geometry geometry(JsonNode g, Path file) throws ScanFormatException {
        if (g == null || !g.isObject()) throw new ScanFormatException(file, "needs a 'geometry' object");
        return GeometryFields.read(new GeometryFields.Source() {
            @Override
            public Object value(String name) {
                JsonNode n = g.get(name);
                if (n == null || n.isNull()) return null;
                if (n.isNumber()) return n.numberValue();
                if (n.isTextual()) return n.asText();
                if (n.isBoolean()) return n.asBoolean();
                return n.toString();
            }

            @Override
            public String describe(String name) {
                return "geometry." + name;
            }
        }, file);
    }

    private static String text(JsonNode root, String name, Path file) throws ScanFormatException {
        JsonNode n = root.get(name);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new ScanFormatException(file, "needs a '" + name + "' string");
        }
        return n.asText();
    }

    /**
     * The XRF maps of a folder scan ({@code <scan-id>_xrf.tiff} per angle), confined to the folder:
     * one per angle, or null when there are none; some but not all is an error.
     */
    public java.util.List<Path> xrfFiles(Path folder) throws ScanFormatException {
        java.util.List<Path> xrf = new java.util.ArrayList<>();
        for (Angle angle : angles) {
            Path p = folder.resolve(ScanLayout.xrfFile(angle.scanId()));
            if (Files.exists(p)) xrf.add(SafeFiles.inside(folder, p.getFileName().toString(), folder.resolve(ScanLayout.MANIFEST)));
        }
        if (!xrf.isEmpty() && xrf.size() != angles.size()) {
            throw new ScanFormatException(folder, "has XRF maps for " + xrf.size() + " of " + angles.size() + " angles");
        }
        return xrf.isEmpty() ? null : xrf;
    }

    /** Writes {@code <folder>/scan.json} atomically (temporary name, then move). */
    public void write(Path folder) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", format);
        root.put("detector", detector);
        ArrayNode list = root.putArray("angles");
        for (int i = 0; i < angles.size(); i++) {
            ObjectNode a = list.addObject().put("scan_id", angles.get(i).scanId()).put("angle_deg", angles.get(i).angleDeg());
            if (files != null) a.put("file", files.get(i));
        }
        root.set("geometry", JSON.valueToTree(GeometryFields.write(geometry)));
        if (scanShape != null) root.putArray("scan_shape").add(scanShape[0]).add(scanShape[1]);
        if (roi != null) root.putArray("roi").add(roi[0]).add(roi[1]).add(roi[2]).add(roi[3]);
        org.braggflow.api.files.AtomicFiles.writeString(folder.resolve(ScanLayout.MANIFEST), JSON.writeValueAsString(root));
    }
}
