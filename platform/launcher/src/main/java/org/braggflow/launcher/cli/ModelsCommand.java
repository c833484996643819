package org.braggflow.launcher.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.braggflow.launcher.models.ModelRecord;
import org.braggflow.launcher.models.ModelRegistry;
import org.braggflow.launcher.models.UnknownModelException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The model registry of the home ({@code <home>/models/}): list, show, import, export. Listing,
 * showing and exporting read files only and start no platform; importing needs the encoder stage that
 * reads the checkpoint.
 */
@Command(name = "models", description = "Trained and imported encoder models: list, show, import, export.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.ShowModel.class, ModelsImportCommand.class, ModelsCommand.ExportModel.class})
final class ModelsCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    /** Without a subcommand: the list. */
    @Override
    public Integer call() throws IOException {
        return list(registry(), json);
    }

    ModelRegistry registry() {
        return new ModelRegistry(main.home().models());
    }

    static int list(ModelRegistry registry, boolean json) throws IOException {
        ArrayNode all = Json.MAPPER.createArrayNode();
        for (String id : registry.ids()) {
            try {
                ModelRecord r = registry.read(id);
                if (json) all.add(r.toJson(Json.MAPPER).put("sha256", r.sha256()));
                else System.out.printf("%-40s %-20s %5d  %-24s %s%n", id, r.encoder().key(), r.featureSize(), r.created(), source(r));
            } catch (IOException e) {
                if (json) all.addObject().put("id", id).put("error", e.getMessage());
                else System.out.printf("%-40s unreadable: %s%n", id, e.getMessage());
            }
        }
        if (json) System.out.println(Json.pretty(all));
        return 0;
    }

    /** Where a model came from, in a few words. */
    static String source(ModelRecord r) {
        if (r.imported().isPresent()) return "imported from " + r.imported().get().checkpoint().getFileName();
        ModelRecord.Training t = r.training();
        String scans = t.scans().size() == 1 ? "scan " + t.scans().get(0).scanId() : t.scans().size() + " scans";
        return "trained on " + scans + " (" + t.clouds() + " clouds), " + t.lossEpochs() + " epochs"
                + (Double.isNaN(t.finalLoss()) ? "" : String.format(", final loss %.4g", t.finalLoss()));
    }

    /**
     * Reports a failed model command: 2 for what the user can fix in the command (a bad or unknown id,
     * a missing input file, a taken id or a non-empty target), 1 for a damaged model or anything else.
     */
    static int fail(String command, Exception e) {
        System.err.println("braggflow " + command + ": " + Main.message(e));
        boolean usage = e instanceof IllegalArgumentException || e instanceof UnknownModelException
                || e instanceof FileAlreadyExistsException || e instanceof java.nio.file.NoSuchFileException;
        return usage ? 2 : 1;
    }

    @Command(name = "list", description = "List registered models: id, encoder, features, creation time, source.")
    static final class ListModels implements Callable<Integer> {

        @ParentCommand
        ModelsCommand parent;

        @Option(names = "--json", description = "Print the records as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            return list(parent.registry(), json || parent.json);
        }
    }

    @Command(name = "show", description = "Print a model's record and check every file's SHA-256 (exit 1 when one does not match).")
    static final class ShowModel implements Callable<Integer> {

        @ParentCommand
        ModelsCommand parent;

        @Parameters(paramLabel = "ID", description = "The model id")
        String id;

        @Override
        public Integer call() {
            ModelRegistry registry = parent.registry();
            ModelRecord r;
            try {
                r = registry.read(id);
            } catch (IOException | IllegalArgumentException e) {
                return fail("models show", e);
            }
            ObjectNode tree = r.toJson(Json.MAPPER);
            tree.put("sha256", r.sha256()).put("folder", registry.folder(id).toString());
            try {
                registry.verify(id);
                tree.put("verified", true);
                System.out.println(Json.pretty(tree));
                return 0;
            } catch (IOException e) {
                tree.put("verified", false).put("error", e.getMessage());
                System.out.println(Json.pretty(tree));
                return fail("models show", e);
            }
        }
    }

    @Command(name = "export", description = "Copy a model's folder (after checking it) into DIR, which must not exist or be empty.")
    static final class ExportModel implements Callable<Integer> {

        @ParentCommand
        ModelsCommand parent;

        @Parameters(index = "0", paramLabel = "ID", description = "The model id")
        String id;

        @Parameters(index = "1", paramLabel = "DIR", description = "Target folder")
        Path target;

        @Override
        public Integer call() {
            try {
                ModelRecord r = parent.registry().export(id, InputPaths.writable(target));
                System.out.println("exported model " + id + " (" + r.files().size() + " files and " + ModelRegistry.RECORD + ") to " + target);
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return fail("models export", e);
            }
        }
    }
}
