package org.braggflow.launcher.stage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.braggflow.api.stage.ParameterSpec;

/** The deployed stages as plain maps and lists: what {@code stages --json} prints and serve publishes. */
public final class StageListing {

    private StageListing() {
    }

    public static List<Map<String, Object>> of(List<DeployedStage> stages) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DeployedStage s : stages) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", s.type());
            m.put("name", s.name());
            m.put("description", s.descriptor().description());
            m.put("bundle", s.bundleSymbolicName());
            m.put("version", s.bundleVersion());
            List<Map<String, Object>> params = new ArrayList<>();
            for (ParameterSpec p : s.descriptor().parameters()) params.add(parameter(p));
            m.put("parameters", params);
            out.add(m);
        }
        return out;
    }

    static Map<String, Object> parameter(ParameterSpec p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("type", p.typeName());
        Object def = p.defaultValue();
        m.put("default", def instanceof Enum<?> ? p.defaultText() : def);
        m.put("unit", p.unit());
        m.put("range", p.rangeText());
        if (!p.options().isEmpty()) m.put("options", p.options());
        m.put("doc", p.doc());
        return m;
    }

    /** A plain-text table for terminals. */
    @SuppressWarnings("unchecked")
    public static String text(List<Map<String, Object>> listing) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> s : listing) {
            sb.append(String.format("%-10s %-14s %s %s%n", s.get("type"), s.get("name"), s.get("bundle"), s.get("version")));
            sb.append("           ").append(s.get("description")).append('\n');
            for (Map<String, Object> p : (List<Map<String, Object>>) s.get("parameters")) {
                String unit = String.valueOf(p.get("unit"));
                String range = String.valueOf(p.get("range"));
                sb.append(String.format("             %-14s %-8s default %s%s%s%n", p.get("name"), p.get("type"), p.get("default"),
                        unit.isEmpty() ? "" : " " + unit, range.isEmpty() ? "" : "  " + range));
            }
        }
        return sb.toString();
    }
}
