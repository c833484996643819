package org.braggflow.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A finished run's maps for the page: every column of {@code maps.csv} as a rows x columns grid
 * (null where a position was not analysed) and the cluster label of each position from
 * {@code clusters.csv} (-1 where none), read with Commons CSV.
 */
final class RunMaps {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CSVFormat HEADED = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

    private RunMaps() {
    }

    static ObjectNode read(Path folder) throws IOException {
        Path maps = folder.resolve("maps.csv");
        if (!Files.isRegularFile(maps)) throw new IOException(maps + " does not exist (the run has not finished, or failed)");
        List<CSVRecord> records = new ArrayList<>();
        List<String> header;
        try (Reader in = Files.newBufferedReader(maps); CSVParser p = CSVParser.parse(in, HEADED)) {
            header = p.getHeaderNames();
            for (CSVRecord r : p) records.add(r);
        }
        int rows = 0, cols = 0;
        for (CSVRecord r : records) {
            rows = Math.max(rows, Integer.parseInt(r.get("row")) + 1);
            cols = Math.max(cols, Integer.parseInt(r.get("col")) + 1);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("rows", rows);
        out.put("cols", cols);
        ObjectNode columns = out.putObject("maps");
        for (String name : header) {
            if (name.equals("row") || name.equals("col")) continue;
            Double[][] grid = new Double[rows][cols];
            for (CSVRecord r : records) {
                String v = r.get(name);
                if (v != null && !v.isBlank()) grid[Integer.parseInt(r.get("row"))][Integer.parseInt(r.get("col"))] = Double.parseDouble(v);
            }
            ArrayNode g = columns.putArray(name);
            for (Double[] line : grid) {
                ArrayNode a = g.addArray();
                for (Double x : line) {
                    if (x == null || x.isNaN() || x.isInfinite()) a.addNull();
                    else a.add(x);
                }
            }
        }
        int[][] labels = new int[rows][cols];
        for (int[] line : labels) java.util.Arrays.fill(line, -1);
        Path clusters = folder.resolve("clusters.csv");
        if (Files.isRegularFile(clusters)) {
            try (Reader in = Files.newBufferedReader(clusters); CSVParser p = CSVParser.parse(in, HEADED)) {
                for (CSVRecord r : p) {
                    int row = Integer.parseInt(r.get("row")), col = Integer.parseInt(r.get("col"));
                    if (row < rows && col < cols) labels[row][col] = Integer.parseInt(r.get("cluster"));
                }
            }
        }
        ArrayNode l = out.putArray("clusters");
        for (int[] line : labels) {
            ArrayNode a = l.addArray();
            for (int x : line) a.add(x);
        }
        ArrayNode downloads = out.putArray("downloads");
        try (var files = Files.list(folder)) {
            files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).filter(ContentTypes::downloadable)
                    .sorted().forEach(downloads::add);
        }
        try (var files = Files.list(folder.resolve("maps"))) {
            files.map(f -> "maps/" + f.getFileName()).filter(ContentTypes::downloadable).sorted().forEach(downloads::add);
        } catch (IOException e) {
            // a workflow without the images exporter
        }
        return out;
    }
}
