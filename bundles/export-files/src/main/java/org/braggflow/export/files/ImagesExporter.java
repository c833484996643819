package org.braggflow.export.files;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.braggflow.api.result.AnalysisResult;
import org.braggflow.api.stage.Exporter;
import org.braggflow.api.stage.Parameter;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.Stage;
import org.braggflow.scanio.TiffImages;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code exporter/images} stage: {@code maps/<name>.tiff} (float32, one page, rows x cols,
 * NaN where undefined) and {@code maps/<name>.png} for every map column of maps.csv and the cluster map.
 */
@Component(service = Exporter.class)
@Stage(type = "exporter", name = "images")
public final class ImagesExporter implements Exporter {

    @interface ImagesParameters {
        @Parameter(doc = "Size of one scan position in the PNG images", unit = "pixels", min = 1, max = 64)
        int pixelsPerPosition() default 8;
    }

    @Activate
    public ImagesExporter() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return ImagesParameters.class;
    }

    @Override
    public String description() {
        return "Writes every map as float32 TIFF and as PNG with colour bar; the cluster map with domain boundaries";
    }

    /** Map names written, in order: the maps.csv columns when maps exist, then cluster when clusters exist. */
    static List<String> names(AnalysisResult r) {
        List<String> names = new ArrayList<>();
        if (r.maps() != null) names.addAll(MapNames.COLUMNS);
        if (r.clusters() != null) names.add(MapNames.CLUSTER);
        return names;
    }

    @Override
    public void export(AnalysisResult r, Path folder, Parameters parameters) throws IOException {
        int px = parameters.as(ImagesParameters.class).pixelsPerPosition();
        int rows = r.scan().scanRows(), cols = r.scan().scanCols();
        Path maps = Files.createDirectories(folder.resolve("maps"));
        for (String name : names(r)) {
            boolean cluster = name.equals(MapNames.CLUSTER);
            float[] grid = cluster ? OutputGrids.clusters(r) : OutputGrids.column(r, name);
            TiffImages.writeFloat32(maps.resolve(name + ".tiff"), grid, rows, cols);
            byte[] png = cluster ? MapCharts.clusters(grid, rows, cols, "domains (" + r.clusters().k() + " clusters)", px)
                    : MapCharts.map(grid, rows, cols, MapNames.title(name), MapNames.unit(name), px);
            Files.write(maps.resolve(name + ".png"), png);
        }
    }
}
