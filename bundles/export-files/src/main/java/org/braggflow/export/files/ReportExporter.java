package org.braggflow.export.files;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.braggflow.api.result.AnalysisResult;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.stage.Exporter;
import org.braggflow.api.stage.Parameter;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code exporter/report} stage: report.html, one self-contained page (images inlined as data
 * URIs) with every map, the cluster map with domain boundaries, the curve of the criterion that chose
 * the number of clusters (the chosen k marked; old results without one show their elbow curve), the encoder's
 * training-loss curve and the provenance table. Parts the run did not produce say so.
 */
@Component(service = Exporter.class)
@Stage(type = "exporter", name = "report")
public final class ReportExporter implements Exporter {

    @interface ReportParameters {
        @Parameter(doc = "Size of one scan position in the report's maps", unit = "pixels", min = 1, max = 64)
        int pixelsPerPosition() default 6;
    }

    @Activate
    public ReportExporter() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return ReportParameters.class;
    }

    @Override
    public String description() {
        return "Writes report.html: maps, domain map, the k-selection criterion and loss curves, provenance, in one self-contained page";
    }

    @Override
    public void export(AnalysisResult r, Path folder, Parameters parameters) throws IOException {
        int px = parameters.as(ReportParameters.class).pixelsPerPosition();
        int rows = r.scan().scanRows(), cols = r.scan().scanCols();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Braggflow report: ")
                .append(esc(r.scan().scanId())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:18px;margin-top:28px}")
                .append(".grid{display:flex;flex-wrap:wrap;gap:12px}.grid figure{margin:0}.grid img{border:1px solid #ddd}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}")
                .append(".none{color:#888;font-style:italic}</style></head><body>\n");
        html.append("<h1>Scan ").append(esc(r.scan().scanId())).append("</h1>\n<p>")
                .append(rows).append(" x ").append(cols).append(" positions, ").append(r.scan().nAngles()).append(" rocking angles, ")
                .append(r.scan().detRows()).append(" x ").append(r.scan().detCols()).append(" detector pixels; workflow ")
                .append(esc(String.valueOf(r.provenance().getOrDefault("workflow_id", "")))).append(", started ")
                .append(esc(String.valueOf(r.provenance().getOrDefault("started", "")))).append("</p>\n");

        html.append("<h2>Defect domains</h2>\n");
        if (r.clusters() != null) {
            img(html, MapCharts.clusters(OutputGrids.clusters(r), rows, cols, "domains (" + r.clusters().k() + " clusters)", px), "domain map");
        } else {
            html.append("<p class=\"none\">No clustering in this workflow.</p>\n");
        }
        html.append("<h2>Maps</h2>\n");
        if (r.maps() != null) {
            html.append("<div class=\"grid\">\n");
            for (String name : MapNames.COLUMNS) {
                html.append("<figure>");
                img(html, MapCharts.map(OutputGrids.column(r, name), rows, cols, MapNames.title(name), MapNames.unit(name), px), name);
                html.append("</figure>\n");
            }
            html.append("</div>\n");
        } else {
            html.append("<p class=\"none\">No maps stage in this workflow.</p>\n");
        }
        html.append("<h2>Choosing the number of clusters</h2>\n");
        ClusterResult c = r.clusters();
        if (c != null && c.criterionK().length > 0) {
            img(html, MapCharts.criterion(c.criterionK(), c.criterionCurve(), c.chosenK(), criterionTitle(c), criterionAxis(c.criterion())),
                    c.criterion() + " curve");
        } else if (c != null && c.elbowCurve().length > 0) {
            img(html, MapCharts.curve(c.elbowCurve(), "Within-cluster sum of squares", "k", "sum of squares", false), "elbow curve");
        } else if (c != null && !c.criterion().isEmpty()) {
            html.append("<p class=\"none\">k = ").append(c.chosenK()).append(" was ").append(esc(c.criterion()))
                    .append(": no criterion curve.</p>\n");
        } else {
            html.append("<p class=\"none\">No criterion curve (no clustering, or k was fixed).</p>\n");
        }
        html.append("<h2>Training loss</h2>\n");
        if (!r.trainingLoss().isEmpty()) {
            double[] loss = r.trainingLoss().stream().mapToDouble(Double::doubleValue).toArray();
            img(html, MapCharts.curve(loss, "Encoder training loss", "epoch", "Chamfer loss", true), "training loss");
        } else {
            html.append("<p class=\"none\">No encoder training history for this run.</p>\n");
        }
        html.append("<h2>Provenance</h2>\n<table>\n");
        for (Map.Entry<String, Object> e : r.provenance().entrySet()) {
            if (e.getKey().equals("workflow_text")) continue;  // the table names the file and its SHA-256
            html.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(value(e.getValue())).append("</td></tr>\n");
        }
        html.append("</table>\n</body></html>\n");
        Files.writeString(folder.resolve("report.html"), html, StandardCharsets.UTF_8);
    }

    /** "Elbow rule: within-cluster sum of squares, chosen k = 5" and the like. */
    static String criterionTitle(ClusterResult c) {
        String name = switch (c.criterion()) {
            case "elbow" -> "Elbow rule: within-cluster sum of squares";
            case "silhouette" -> "Mean silhouette";
            case "gap" -> "Gap statistic";
            default -> c.criterion();
        };
        return name + ", chosen k = " + c.chosenK();
    }

    private static String criterionAxis(String criterion) {
        return switch (criterion) {
            case "elbow" -> "sum of squares";
            case "silhouette" -> "mean silhouette";
            case "gap" -> "gap";
            default -> criterion;
        };
    }

    private static void img(StringBuilder html, byte[] png, String alt) {
        html.append("<img alt=\"").append(esc(alt)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
    }

    /** Provenance values: nested maps and lists become nested tables and lists. */
    private static String value(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("<table>");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append("<tr><th>").append(esc(String.valueOf(e.getKey()))).append("</th><td>").append(value(e.getValue())).append("</td></tr>");
            }
            return sb.append("</table>").toString();
        }
        if (v instanceof List<?> l) {
            if (l.size() > 40 || l.stream().allMatch(x -> x instanceof Number || x instanceof List<?>)) {
                String s = String.valueOf(l);
                return esc(s.length() > 400 ? s.substring(0, 400) + " ..." : s);
            }
            StringBuilder sb = new StringBuilder();
            for (Object x : l) sb.append("<div>").append(value(x)).append("</div>");
            return sb.toString();
        }
        String s = String.valueOf(v);
        return s.contains("\n") ? "<pre>" + esc(s) + "</pre>" : esc(s);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
