package org.braggflow.launcher.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.braggflow.launcher.models.ModelId;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a workflow file into a {@link Workflow}, keeping the line and column of every value so
 * problems point at the place to fix. Structure only: whether stages and parameters exist is the
 * {@link WorkflowValidator}'s job, against what is deployed.
 */
public final class WorkflowParser {

    private static final Set<String> TOP_KEYS = Set.of("id", "description", "triggers", "training", "stages", "outputs");
    private static final Set<String> TRAINING_KEYS = Set.of("clouds-of", "last-scans", "model");
    private static final Set<String> TRIGGER_KEYS = Set.of("inbox", "cron", "live");
    private static final Set<String> LIVE_KEYS = Set.of("complete", "stableSeconds", "abandonSeconds");
    private static final Set<String> STAGE_KEYS = Set.of("type", "use", "model", "with");
    private static final Set<String> OUTPUT_KEYS = Set.of("results", "clouds");

    private final Path home;

    /** @param home the Braggflow home: relative paths in workflows resolve against it, and must stay in it */
    public WorkflowParser(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    public Workflow parse(Path file) throws IOException, WorkflowException {
        return parse(file, Files.readString(file));
    }

    public Workflow parse(Path file, String text) throws WorkflowException {
        List<WorkflowProblem> problems = new ArrayList<>();
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeString(text).orElse(null);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
            throw new WorkflowException(List.of(new WorkflowProblem(file, m == null ? 1 : m.getLine() + 1,
                    m == null ? 1 : m.getColumn() + 1, "not valid YAML: " + e.getProblem())));
        } catch (YamlEngineException e) {
            throw new WorkflowException(List.of(new WorkflowProblem(file, 1, 1, "not valid YAML: " + e.getMessage())));
        }
        if (!(root instanceof MappingNode top)) {
            throw new WorkflowException(List.of(problem(file, root, "a workflow file is a mapping with id, stages, ...")));
        }
        Map<String, NodeTuple> fields = fields(file, top, TOP_KEYS, problems);
        String id = scalar(file, fields.get("id"), "id", true, problems);
        if (id != null && !id.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            problems.add(problem(file, fields.get("id").getValueNode(), "id must be lower-case letters, digits, '-' or '_' (it names folders), not '" + id + "'"));
        }
        String description = scalar(file, fields.get("description"), "description", false, problems);
        Optional<Path> inbox = Optional.empty();
        Optional<String> cron = Optional.empty();
        Optional<Workflow.Live> live = Optional.empty();
        Node liveKey = null;
        NodeTuple triggers = fields.get("triggers");
        if (triggers != null) {
            if (triggers.getValueNode() instanceof MappingNode t) {
                Map<String, NodeTuple> tf = fields(file, t, TRIGGER_KEYS, problems);
                String in = scalar(file, tf.get("inbox"), "inbox", false, problems);
                if (in != null) inbox = Optional.ofNullable(confined(file, tf.get("inbox").getValueNode(), in, problems));
                cron = Optional.ofNullable(scalar(file, tf.get("cron"), "cron", false, problems));
                if (cron.isPresent() && inbox.isEmpty() && !fields.containsKey("training")) {
                    problems.add(problem(file, tf.get("cron").getValueNode(),
                            "a cron trigger processes the workflow's inbox on schedule (give an inbox too) or retrains an encoder (give a training section)"));
                }
                if (inbox.isPresent() && fields.containsKey("training")) {
                    problems.add(problem(file, tf.get("inbox").getValueNode(), "a training workflow takes no inbox: it trains on the clouds its training section names"));
                }
                live = live(file, tf.get("live"), problems);
                if (tf.get("live") != null) liveKey = tf.get("live").getKeyNode();
                if (live.isPresent() && (inbox.isEmpty() || cron.isPresent())) {
                    problems.add(problem(file, tf.get("live").getKeyNode(), "a live trigger takes scans from an inbox as they are acquired: give an inbox and no cron"));
                }
                if (cron.isPresent() && !org.quartz.CronExpression.isValidExpression(cron.get())) {
                    problems.add(problem(file, tf.get("cron").getValueNode(), "cron '" + cron.get()
                            + "' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year])"));
                }
            } else {
                problems.add(problem(file, triggers.getValueNode(), "triggers must be a mapping with inbox and/or cron"));
            }
        }
        Optional<Workflow.Training> training = Optional.empty();
        NodeTuple trainingField = fields.get("training");
        if (trainingField != null) {
            if (trainingField.getValueNode() instanceof MappingNode t) {
                Map<String, NodeTuple> tf = fields(file, t, TRAINING_KEYS, problems);
                String of = scalar(file, tf.get("clouds-of"), "clouds-of", true, problems);
                String model = scalar(file, tf.get("model"), "model", true, problems);
                Object last = tf.containsKey("last-scans") ? value(tf.get("last-scans").getValueNode()) : 10;
                int lastScans = 10;
                if (last instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 1 && n.intValue() <= 10_000) {
                    lastScans = n.intValue();
                } else {
                    problems.add(problem(file, tf.get("last-scans").getValueNode(), "last-scans must be a whole number from 1 to 10000, not '" + last + "'"));
                }
                if (of != null && !of.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                    problems.add(problem(file, tf.get("clouds-of").getValueNode(), "clouds-of names a workflow id, not '" + of + "'"));
                }
                if (model != null && !ModelId.isValid(model)) {
                    problems.add(problem(file, tf.get("model").getValueNode(), "model '" + model + "' is not a valid model id (letters, digits, . _ -)"));
                }
                if (triggers == null || cron.isEmpty()) {
                    problems.add(problem(file, trainingField.getKeyNode(), "a training section needs a cron trigger: it says when to retrain"));
                }
                if (of != null && model != null) training = Optional.of(new Workflow.Training(of, lastScans, model));
            } else {
                problems.add(problem(file, trainingField.getValueNode(), "training must be a mapping with clouds-of, last-scans and model"));
            }
        }
        List<StageStep> stages = new ArrayList<>();
        NodeTuple stageList = fields.get("stages");
        if (stageList == null) {
            problems.add(new WorkflowProblem(file, 1, 1, "a workflow needs a 'stages' list"));
        } else if (!(stageList.getValueNode() instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problems.add(problem(file, stageList.getValueNode(), "stages must be a non-empty list"));
        } else {
            for (Node item : seq.getValue()) {
                StageStep step = stage(file, item, problems);
                if (step != null) stages.add(step);
            }
        }
        Path results = home.resolve("results");
        boolean clouds = false;
        NodeTuple outputs = fields.get("outputs");
        if (outputs != null) {
            if (outputs.getValueNode() instanceof MappingNode o) {
                Map<String, NodeTuple> of = fields(file, o, OUTPUT_KEYS, problems);
                String r = scalar(file, of.get("results"), "results", false, problems);
                if (r != null) {
                    Path p = confined(file, of.get("results").getValueNode(), r, problems);
                    if (p != null) results = p;
                }
                Object c = of.containsKey("clouds") ? value(of.get("clouds").getValueNode()) : Boolean.FALSE;
                if (c instanceof Boolean b) clouds = b;
                else problems.add(problem(file, of.get("clouds").getValueNode(), "clouds must be true or false"));
            } else {
                problems.add(problem(file, outputs.getValueNode(), "outputs must be a mapping with results and/or clouds"));
            }
        }
        // outputs: clouds: true is shorthand for the clouds exporter at the end of the stages
        boolean exportsClouds = stages.stream().anyMatch(st -> st.type().equals("exporter") && st.use().equals("clouds"));
        if (clouds && !exportsClouds && training.isEmpty()) {
            int[] at = place(outputs == null ? null : outputs.getValueNode());
            stages.add(new StageStep("exporter", "clouds", Map.of(), Map.of(), at[0], at[1]));
        }
        clouds = clouds || exportsClouds;
        if (training.isPresent() && (stages.size() != 1 || !stages.get(0).type().equals("encoder") || stages.get(0).model().isPresent())) {
            problems.add(problem(file, stageList != null ? stageList.getValueNode() : top, "a training workflow has one stage: the encoder it trains (without model)"));
        }
        if (live.isPresent() && stages.stream().noneMatch(st -> st.type().equals("maps"))) {
            problems.add(problem(file, liveKey, "a live trigger shows maps while the scan is acquired: the workflow needs a maps stage"));
        }
        if (!problems.isEmpty()) throw new WorkflowException(problems);
        return new Workflow(file, id, description == null ? "" : description, inbox, cron, stages, results, clouds, text, sha256(text),
                home, training, live);
    }

    /**
     * The {@code live} trigger: {@code true}, {@code false}, or a mapping of {@code complete} ({@code stable} or
     * {@code marker}), {@code stableSeconds} and {@code abandonSeconds}.
     */
    private static Optional<Workflow.Live> live(Path file, NodeTuple t, List<WorkflowProblem> problems) {
        if (t == null) return Optional.empty();
        Node v = t.getValueNode();
        if (v instanceof ScalarNode && value(v) instanceof Boolean b) return b ? Optional.of(Workflow.Live.DEFAULT) : Optional.empty();
        if (!(v instanceof MappingNode m)) {
            problems.add(problem(file, v, "live is true, false or a mapping of " + new java.util.TreeSet<>(LIVE_KEYS)));
            return Optional.empty();
        }
        Map<String, NodeTuple> lf = fields(file, m, LIVE_KEYS, problems);
        Workflow.Live d = Workflow.Live.DEFAULT;
        Workflow.Live.Completion complete = d.complete();
        String c = scalar(file, lf.get("complete"), "complete", false, problems);
        if (c != null) {
            switch (c) {
                case "stable" -> complete = Workflow.Live.Completion.STABLE;
                case "marker" -> complete = Workflow.Live.Completion.MARKER;
                default -> problems.add(problem(file, lf.get("complete").getValueNode(),
                        "complete is 'stable' (size and time unchanged for stableSeconds) or 'marker' (a <file>.done beside each file), not '" + c + "'"));
            }
        }
        double stable = seconds(file, lf.get("stableSeconds"), d.stableSeconds(), 0.1, 3600, problems);
        double abandon = seconds(file, lf.get("abandonSeconds"), d.abandonSeconds(), 1, 7 * 24 * 3600, problems);
        return Optional.of(new Workflow.Live(complete, stable, abandon));
    }

    private static double seconds(Path file, NodeTuple t, double fallback, double min, double max, List<WorkflowProblem> problems) {
        if (t == null) return fallback;
        Node v = t.getValueNode();
        Object value = v instanceof ScalarNode ? value(v) : null;
        String name = ((ScalarNode) t.getKeyNode()).getValue();
        if (!(value instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max) {
            problems.add(problem(file, v, name + " is a number of seconds from " + (min == Math.rint(min) ? String.valueOf((long) min) : String.valueOf(min))
                    + " to " + (long) max));
            return fallback;
        }
        return n.doubleValue();
    }

    private StageStep stage(Path file, Node item, List<WorkflowProblem> problems) {
        if (!(item instanceof MappingNode m)) {
            problems.add(problem(file, item, "each stage is a mapping with type, use and optional model and with"));
            return null;
        }
        Map<String, NodeTuple> f = fields(file, m, STAGE_KEYS, problems);
        // a key missing from a stage is reported at that stage, not at the top of the file
        for (String key : List.of("type", "use")) {
            if (!f.containsKey(key)) problems.add(problem(file, m, "this stage has no '" + key + "'"));
        }
        String type = scalar(file, f.get("type"), "type", false, problems);
        String use = scalar(file, f.get("use"), "use", false, problems);
        Optional<StageStep.ModelRef> model = model(file, f.get("model"), type, problems);
        Map<String, Object> with = new LinkedHashMap<>();
        Map<String, int[]> places = new LinkedHashMap<>();
        NodeTuple w = f.get("with");
        if (w != null) {
            if (w.getValueNode() instanceof MappingNode params) {
                for (NodeTuple t : params.getValue()) {
                    if (!(t.getKeyNode() instanceof ScalarNode k)) {
                        problems.add(problem(file, t.getKeyNode(), "parameter names are plain words"));
                        continue;
                    }
                    if (!(t.getValueNode() instanceof ScalarNode)) {
                        problems.add(problem(file, t.getValueNode(), "parameter " + k.getValue() + " needs a single value"));
                        continue;
                    }
                    with.put(k.getValue(), value(t.getValueNode()));
                    places.put(k.getValue(), place(t.getKeyNode()));
                }
            } else if (!(w.getValueNode() instanceof ScalarNode s && s.getValue().isEmpty())) {
                problems.add(problem(file, w.getValueNode(), "with must be a mapping of parameter: value"));
            }
        }
        if (type == null || use == null) return null;
        int[] at = place(item);
        return new StageStep(type, use, model, with, places, at[0], at[1]);
    }

    /**
     * The {@code model:} of a stage: only encoders encode with a model, and its id must be one the
     * registry can hold (whether it is registered is the validator's question).
     */
    private static Optional<StageStep.ModelRef> model(Path file, NodeTuple t, String type, List<WorkflowProblem> problems) {
        if (t == null) return Optional.empty();
        String id = scalar(file, t, "model", false, problems);
        if (id == null) return Optional.empty();
        if (type != null && !type.equals("encoder")) {
            problems.add(problem(file, t.getKeyNode(), "only encoder stages take a model, not a " + type + " stage"));
            return Optional.empty();
        }
        if (!ModelId.isValid(id)) {
            problems.add(problem(file, t.getValueNode(), "'" + id + "' is not a model id (lower-case letters, digits, '_', '.', '-';"
                    + " see braggflow models list)"));
            return Optional.empty();
        }
        int[] at = place(t.getValueNode());
        return Optional.of(new StageStep.ModelRef(id, at[0], at[1]));
    }

    /** The mapping's entries by key, reporting unknown and repeated keys. */
    private static Map<String, NodeTuple> fields(Path file, MappingNode node, Set<String> allowed, List<WorkflowProblem> problems) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (key == null || !allowed.contains(key)) {
                problems.add(problem(file, t.getKeyNode(), "unknown key '" + key + "'; expected one of " + new java.util.TreeSet<>(allowed)));
            } else if (out.put(key, t) != null) {
                problems.add(problem(file, t.getKeyNode(), "'" + key + "' is given twice"));
            }
        }
        return out;
    }

    private static String scalar(Path file, NodeTuple t, String name, boolean required, List<WorkflowProblem> problems) {
        if (t == null) {
            if (required) problems.add(new WorkflowProblem(file, 1, 1, "'" + name + "' is missing"));
            return null;
        }
        if (!(t.getValueNode() instanceof ScalarNode s) || s.getValue().isBlank()) {
            problems.add(problem(file, t.getValueNode(), name + " needs a value"));
            return null;
        }
        return s.getValue();
    }

    /** A plain value with its YAML core-schema type: integer, number, boolean or string. */
    static Object value(Node node) {
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        try {
            if (Tag.INT.equals(tag)) return Long.parseLong(s.getValue().replace("_", ""));
            if (Tag.FLOAT.equals(tag)) return Double.parseDouble(s.getValue());
        } catch (NumberFormatException e) {
            return s.getValue();
        }
        if (Tag.BOOL.equals(tag)) return Boolean.parseBoolean(s.getValue().toLowerCase());
        return s.getValue();
    }

    /** A path in the home; absolute paths and '..' that leave it are problems. */
    private Path confined(Path file, Node node, String value, List<WorkflowProblem> problems) {
        Path p = home.resolve(value).normalize();
        if (!p.startsWith(home)) {
            problems.add(problem(file, node, "'" + value + "' is outside the Braggflow home " + home));
            return null;
        }
        return p;
    }

    private static int[] place(Node node) {
        Mark m = node == null ? null : node.getStartMark().orElse(null);
        return m == null ? new int[] {1, 1} : new int[] {m.getLine() + 1, m.getColumn() + 1};
    }

    static WorkflowProblem problem(Path file, Node node, String message) {
        int[] at = place(node);
        return new WorkflowProblem(file, at[0], at[1], message);
    }

    static String sha256(String text) {
        return org.braggflow.api.files.Sha256.of(text);
    }
}
