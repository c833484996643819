package org.braggflow.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * How a demo run compares with the simulator's truth: the adjusted Rand index of the cluster map
 * against the planted domains, and the strain RMS error after removing the common offset, over the
 * positions both the analysis and the truth put in the particle.
 */
final class DemoScore {

    private DemoScore() {
    }

    static String of(Path results, Path truthFile) throws IOException {
        JsonNode truth = Json.MAPPER.readTree(truthFile.toFile());
        StringBuilder sb = new StringBuilder();
        Path clusters = results.resolve("clusters.csv");
        if (Files.exists(clusters)) {
            Map<Long, Integer> pairs = new HashMap<>();
            Map<Integer, Integer> a = new HashMap<>(), b = new HashMap<>();
            int n = 0;
            for (CSVRecord r : read(clusters)) {
                int planted = truth.get("labels").get(Integer.parseInt(r.get("row"))).get(Integer.parseInt(r.get("col"))).asInt();
                if (planted < 0) continue;
                int found = Integer.parseInt(r.get("cluster"));
                pairs.merge(((long) planted << 32) | found, 1, Integer::sum);
                a.merge(planted, 1, Integer::sum);
                b.merge(found, 1, Integer::sum);
                n++;
            }
            double index = pairs.values().stream().mapToDouble(DemoScore::choose2).sum();
            double sa = a.values().stream().mapToDouble(DemoScore::choose2).sum(), sb2 = b.values().stream().mapToDouble(DemoScore::choose2).sum();
            double expected = sa * sb2 / choose2(n), max = (sa + sb2) / 2;
            sb.append(String.format("domain map vs planted domains: ARI %.3f (%d clusters found, %d planted, %d positions)%n",
                    (index - expected) / (max - expected), b.size(), a.size(), n));
        }
        Path maps = results.resolve("maps.csv");
        if (Files.exists(maps)) {
            double sum = 0, sumSq = 0;
            int n = 0;
            for (CSVRecord r : read(maps)) {
                int row = Integer.parseInt(r.get("row")), col = Integer.parseInt(r.get("col"));
                if (r.get("strain").isEmpty() || truth.get("mask").get(row).get(col).asInt() != 1) continue;
                double d = Double.parseDouble(r.get("strain")) - truth.get("strain").get(row).get(col).asDouble();
                sum += d;
                sumSq += d * d;
                n++;
            }
            if (n > 0) {
                double rms = Math.sqrt(Math.max(0, sumSq / n - (sum / n) * (sum / n)));
                sb.append(String.format("strain map vs planted strain: RMS error %.1e after removing the common offset (%d positions)%n", rms, n));
            }
        }
        return sb.toString();
    }

    private static double choose2(int v) {
        return v * (v - 1) / 2.0;
    }

    private static java.util.List<CSVRecord> read(Path csv) throws IOException {
        try (Reader in = Files.newBufferedReader(csv);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            return p.getRecords();
        }
    }
}
