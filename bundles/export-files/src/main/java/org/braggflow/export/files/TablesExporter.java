package org.braggflow.export.files;

import java.io.IOException;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.braggflow.api.result.AnalysisResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.stage.Exporter;
import org.braggflow.api.stage.Parameter;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code exporter/tables} stage: maps.csv (one line per position), features.csv and
 * clusters.csv (one line per analysed position), with the headers of docs/formats.md, section 4; an
 * undefined value is an empty cell.
 */
@Component(service = Exporter.class)
@Stage(type = "exporter", name = "tables")
public final class TablesExporter implements Exporter {

    @interface TablesParameters {
        @Parameter(doc = "Significant digits of floating-point values", unit = "digits", min = 3, max = 17)
        int digits() default 9;
    }

    @Activate
    public TablesExporter() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return TablesParameters.class;
    }

    @Override
    public String description() {
        return "Writes maps.csv, features.csv and clusters.csv";
    }

    @Override
    public void export(AnalysisResult r, Path folder, Parameters parameters) throws IOException {
        int digits = parameters.as(TablesParameters.class).digits();
        int rows = r.scan().scanRows(), cols = r.scan().scanCols();
        if (r.maps() != null) {
            List<String> header = new ArrayList<>(List.of("row", "col"));
            header.addAll(MapNames.COLUMNS);
            List<float[]> grids = new ArrayList<>();
            for (String name : MapNames.COLUMNS) grids.add(OutputGrids.column(r, name));
            try (CSVPrinter csv = printer(folder.resolve("maps.csv"), header)) {
                for (int row = 0; row < rows; row++) {
                    for (int col = 0; col < cols; col++) {
                        List<String> line = new ArrayList<>(List.of(Integer.toString(row), Integer.toString(col)));
                        for (int k = 0; k < grids.size(); k++) {
                            float v = grids.get(k)[row * cols + col];
                            line.add(k == 0 ? Integer.toString((int) v) : cell(v, digits));
                        }
                        csv.printRecord(line);
                    }
                }
            }
        }
        FeatureTable f = r.features();
        if (f != null) {
            List<String> header = new ArrayList<>(List.of("row", "col"));
            for (int i = 0; i < f.dimension(); i++) header.add("f" + i);
            try (CSVPrinter csv = printer(folder.resolve("features.csv"), header)) {
                for (FeatureTable.Row row : f.rows()) {
                    List<String> line = new ArrayList<>(List.of(Integer.toString(row.row()), Integer.toString(row.col())));
                    for (float v : row.values()) line.add(cell(v, digits));
                    csv.printRecord(line);
                }
            }
            if (r.clusters() != null) {
                int[] labels = r.clusters().labels();
                try (CSVPrinter csv = printer(folder.resolve("clusters.csv"), List.of("row", "col", "cluster"))) {
                    for (int i = 0; i < f.size(); i++) csv.printRecord(f.rows().get(i).row(), f.rows().get(i).col(), labels[i]);
                }
            }
        }
    }

    private static CSVPrinter printer(Path file, List<String> header) throws IOException {
        Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        return new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").setHeader(header.toArray(String[]::new)).get());
    }

    static String cell(float v, int digits) {
        if (!Float.isFinite(v)) return "";
        return new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros().toString();
    }
}
