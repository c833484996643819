package org.braggflow.export.files;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.braggflow.api.files.AtomicFiles;
import org.braggflow.api.result.AnalysisResult;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.stage.Exporter;
import org.braggflow.api.stage.Parameter;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code exporter/nexus} stage: {@code results.nxs}, one HDF5 file in the NeXus layout that silx
 * view, h5web and DAWN open as maps with axes (docs/formats.md, section 4). The default plot chain
 * leads from the file to the domain map; every map of maps.csv is an NXdata with its unit and the
 * scan positions in micrometres as axes; the features, the k-selection curve, one NXprocess per stage
 * (bundle, version, parameters) and the workflow and inputs with their SHA-256 travel with them.
 * Written with jHDF, the library the readers use; tests read it back with h5py.
 */
@Component(service = Exporter.class)
@Stage(type = "exporter", name = "nexus")
public final class NexusExporter implements Exporter {

    /** The file name in the run's output folder. */
    public static final String FILE = "results.nxs";

    @interface NexusParameters {
        @Parameter(doc = "Write the feature vectors (features.csv's values) into /entry/features; off keeps the file small")
        boolean features() default true;
    }

    @Activate
    public NexusExporter() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return NexusParameters.class;
    }

    @Override
    public String description() {
        return "Writes results.nxs: every map, the domain map as the default plot, features, k-selection curve and provenance in NeXus";
    }

    @Override
    public void export(AnalysisResult r, Path folder, Parameters parameters) throws IOException {
        boolean withFeatures = parameters.as(NexusParameters.class).features();
        Path tmp = folder.resolve("." + FILE + ".part");
        Files.deleteIfExists(tmp);
        try (WritableHdfFile h5 = HdfFile.write(tmp)) {
            h5.putAttribute("default", "entry");
            h5.putAttribute("creator", "Braggflow");
            WritableGroup entry = h5.putGroup("entry");
            entry.putAttribute("NX_class", "NXentry");
            entry.putAttribute("default", "domains");
            entry.putDataset("title", r.scan().scanId());
            int rows = r.scan().scanRows(), cols = r.scan().scanCols();
            double[] rowUm = positionsUm(rows, r), colUm = positionsUm(cols, r);

            float[] clusters = OutputGrids.clusters(r);
            int[][] labels = new int[rows][cols];
            for (int i = 0; i < clusters.length; i++) labels[i / cols][i % cols] = Float.isNaN(clusters[i]) ? -1 : (int) clusters[i];
            WritableGroup domains = grid(entry, "domains", "cluster", labels, "", "domain (-1: not analysed)", rowUm, colUm, positionUnit(r));
            // the plot title as a dataset (the convention silx and nexpy read; silx shows a title attribute undecoded)
            domains.putDataset("title", "domain map");

            WritableGroup maps = entry.putGroup("maps");
            maps.putAttribute("NX_class", "NXcollection");
            for (String name : MapNames.COLUMNS) {
                float[] v = OutputGrids.column(r, name);
                float[][] g = new float[rows][cols];
                for (int i = 0; i < v.length; i++) g[i / cols][i % cols] = v[i];
                grid(maps, name, name, g, MapNames.unit(name), MapNames.title(name), rowUm, colUm, positionUnit(r));
            }
            if (withFeatures && r.features() != null && r.features().size() > 0) features(entry, r.features());
            if (r.clusters() != null) criterion(entry, r.clusters());
            provenance(entry, r.provenance());
        } catch (RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw new IOException(folder.resolve(FILE) + ": could not be written: " + e.getMessage(), e);
        }
        AtomicFiles.moveOver(tmp, folder.resolve(FILE));
    }

    /** Scan positions along one axis in micrometres (index times the step size; index units when the step is unknown). */
    private static double[] positionsUm(int n, AnalysisResult r) {
        double step = r.scan().geometry().stepSizeNm();
        double scale = Double.isFinite(step) && step > 0 ? step / 1000 : 1;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = i * scale;
        return out;
    }

    private static String positionUnit(AnalysisResult r) {
        double step = r.scan().geometry().stepSizeNm();
        return Double.isFinite(step) && step > 0 ? "um" : "";
    }

    /** One NXdata holding a rows x cols signal with the row and column positions as its axes. */
    private static WritableGroup grid(WritableGroup parent, String group, String signal, Object values, String unit, String longName,
                                      double[] rowUm, double[] colUm, String positionUnit) {
        WritableGroup g = parent.putGroup(group);
        g.putAttribute("NX_class", "NXdata");
        g.putAttribute("signal", signal);
        g.putAttribute("axes", new String[] {"row_position", "col_position"});
        g.putAttribute("row_position_indices", 0);
        g.putAttribute("col_position_indices", 1);
        var data = g.putDataset(signal, values);
        if (!unit.isEmpty()) data.putAttribute("units", unit);
        data.putAttribute("long_name", longName);
        var rowAxis = g.putDataset("row_position", rowUm);
        if (!positionUnit.isEmpty()) rowAxis.putAttribute("units", positionUnit);
        rowAxis.putAttribute("long_name", "sample row position");
        var colAxis = g.putDataset("col_position", colUm);
        if (!positionUnit.isEmpty()) colAxis.putAttribute("units", positionUnit);
        colAxis.putAttribute("long_name", "sample column position");
        return g;
    }

    private static void features(WritableGroup entry, FeatureTable f) {
        WritableGroup g = entry.putGroup("features");
        g.putAttribute("NX_class", "NXdata");
        g.putAttribute("signal", "features");
        float[][] values = new float[f.size()][];
        int[] rows = new int[f.size()], cols = new int[f.size()];
        for (int i = 0; i < f.size(); i++) {
            FeatureTable.Row row = f.rows().get(i);
            values[i] = row.values();
            rows[i] = row.row();
            cols[i] = row.col();
        }
        g.putDataset("features", values).putAttribute("long_name", "feature vector of each analysed position (features.csv)");
        g.putDataset("row", rows).putAttribute("long_name", "scan row of each feature vector");
        g.putDataset("col", cols).putAttribute("long_name", "scan column of each feature vector");
    }

    /** The curve of the rule that chose k, as a 1-D NXdata, with the chosen k. */
    private static void criterion(WritableGroup entry, ClusterResult c) {
        int[] ks = c.criterionK();
        double[] values = c.criterionCurve();
        if (ks.length == 0 && c.elbowCurve().length > 0) {
            values = c.elbowCurve();
            ks = new int[values.length];
            for (int i = 0; i < ks.length; i++) ks[i] = i + 1;
        }
        if (ks.length == 0) return;
        WritableGroup g = entry.putGroup("k_selection");
        g.putAttribute("NX_class", "NXdata");
        g.putAttribute("signal", "criterion");
        g.putAttribute("axes", "k");
        g.putAttribute("k_indices", 0);
        g.putDataset("title", ReportExporter.criterionTitle(c));
        g.putDataset("criterion", values).putAttribute("long_name", c.criterion().isEmpty() ? "elbow" : c.criterion());
        g.putDataset("k", ks).putAttribute("long_name", "number of clusters");
        g.putDataset("chosen_k", c.chosenK());
    }

    /** One NXprocess per stage in run order, the workflow and the inputs as NXnote. */
    @SuppressWarnings("unchecked")
    private static void provenance(WritableGroup entry, Map<String, Object> record) {
        WritableGroup notes = entry.putGroup("provenance");
        notes.putAttribute("NX_class", "NXcollection");
        notes.putDataset("workflow_id", String.valueOf(record.getOrDefault("workflow_id", "")));
        notes.putDataset("status", String.valueOf(record.getOrDefault("status", "")));
        String started = String.valueOf(record.getOrDefault("started", ""));
        Object stages = record.get("stages");
        if (stages instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> s)) continue;
                Map<String, Object> stage = (Map<String, Object>) s;
                String name = String.format("process_%02d_%s_%s", i, stage.get("stage.type"), stage.get("stage.name")).replace('-', '_');
                WritableGroup p = entry.putGroup(name);
                p.putAttribute("NX_class", "NXprocess");
                p.putDataset("program", String.valueOf(stage.get("bundle")));
                p.putDataset("version", String.valueOf(stage.get("bundle_version")));
                p.putDataset("sequence_index", i + 1);
                p.putDataset("date", started);
                p.putDataset("stage", stage.get("stage.type") + "/" + stage.get("stage.name"));
                if (stage.get("parameters") instanceof Map<?, ?> params && !params.isEmpty()) {
                    WritableGroup pg = p.putGroup("parameters");
                    pg.putAttribute("NX_class", "NXparameters");
                    for (Map.Entry<?, ?> e : params.entrySet()) pg.putDataset(String.valueOf(e.getKey()), value(e.getValue()));
                }
            }
        }
        WritableGroup workflow = entry.putGroup("workflow");
        workflow.putAttribute("NX_class", "NXnote");
        workflow.putDataset("type", "text/yaml");
        workflow.putDataset("file_name", String.valueOf(record.getOrDefault("workflow_file", "")));
        workflow.putDataset("sha256", String.valueOf(record.getOrDefault("workflow_sha256", "")));
        workflow.putDataset("data", String.valueOf(record.getOrDefault("workflow_text", "")));
        if (record.get("inputs") instanceof List<?> inputs && !inputs.isEmpty()) {
            WritableGroup in = entry.putGroup("inputs");
            in.putAttribute("NX_class", "NXnote");
            String[] paths = new String[inputs.size()], shas = new String[inputs.size()];
            long[] sizes = new long[inputs.size()];
            for (int i = 0; i < inputs.size(); i++) {
                Map<String, Object> f = (Map<String, Object>) inputs.get(i);
                paths[i] = String.valueOf(f.get("path"));
                shas[i] = String.valueOf(f.get("sha256"));
                sizes[i] = f.get("size") instanceof Number n ? n.longValue() : -1;
            }
            in.putDataset("file_name", paths);
            in.putDataset("sha256", shas);
            in.putDataset("size", sizes);
        }
    }

    /** A parameter value as HDF5 can hold it: numbers and booleans as numbers (booleans 0/1), everything else as text. */
    private static Object value(Object v) {
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Float) return v;
        if (v instanceof Number n) return n.doubleValue();
        return String.valueOf(v);
    }
}
