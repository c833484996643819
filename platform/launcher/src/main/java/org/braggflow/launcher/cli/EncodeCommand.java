package org.braggflow.launcher.cli;

import org.braggflow.api.files.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Encoder;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.clouds.CloudFiles;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.models.ModelId;
import org.braggflow.launcher.models.ModelRecord;
import org.braggflow.launcher.models.ModelRegistry;
import org.braggflow.launcher.stage.DeployedStage;
import org.braggflow.launcher.stage.StageUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Encodes point cloud files with a registered model, outside any workflow: one line of features per
 * file. The model's files are checked against their recorded SHA-256 before the encoder reads them.
 */
@Command(name = "encode", description = "Encode point clouds (.ply, .csv) with a registered model; writes source,f0,...,f{d-1}.")
final class EncodeCommand implements Callable<Integer> {

    private static final String COMMAND = "encode";

    @ParentCommand
    Main main;

    @Option(names = "--model", required = true, paramLabel = "ID", description = "A registered model (braggflow models list)")
    String model;

    @Option(names = "--input", required = true, paramLabel = "DIR",
            description = "A folder of clouds (*.ply ASCII, *.csv with x,y,z or det_row,det_col,angle_x10), or one cloud file")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FEATURES.csv", description = "Where the features are written")
    Path output;

    @Override
    public Integer call() throws Exception {
        ModelRegistry registry = new ModelRegistry(main.home().models());
        List<Path> files;
        List<PointCloud> clouds = new ArrayList<>();
        ModelRecord record;
        try {
            ModelId.check(model);
            InputPaths.writable(output);
            files = inputs(input);
            for (Path f : files) clouds.add(CloudFiles.read(f));
            // checked before the platform starts, so a damaged model fails at once
            record = registry.verify(model);
        } catch (IOException | IllegalArgumentException e) {
            return ModelsCommand.fail(COMMAND, e);
        }
        try (Platform platform = Platform.start(main.home(), Distribution.fromSystemProperty())) {
            DeployedStage stage;
            try {
                stage = platform.stages().await(record.encoder().stageType(), record.encoder().stageName(), Duration.ofSeconds(5));
            } catch (StageUnavailableException e) {
                System.err.println("braggflow " + COMMAND + ": model " + model + " needs " + e.getMessage());
                return 1;
            }
            long t0 = System.nanoTime();
            float[][] features;
            try {
                Encoder encoder = (Encoder) stage.service();
                features = encoder.encode(registry.load(model, encoder).model(), clouds);
            } catch (IOException e) {
                return ModelsCommand.fail(COMMAND, e);
            }
            write(files, features, record.featureSize());
            System.out.printf("encoded %d clouds with model %s (%s %s) -> %s: %d features each, %.2f s%n", clouds.size(), model,
                    stage.key(), stage.bundleVersion(), output, record.featureSize(), (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    /** The cloud files of a folder sorted by name (hidden ones skipped), or the one file given. */
    static List<Path> inputs(Path input) throws IOException {
        if (Files.isRegularFile(input)) {
            if (!CloudFiles.hasCloudFormat(input)) throw new BadInputException(input + ": unknown cloud format (use .ply or .csv)");
            return List.of(input);
        }
        if (!Files.isDirectory(input)) throw new NoSuchFileException(input + ": " + InputPaths.NO_SUCH);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(input)) {
            for (Path p : s) {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                // hidden files are skipped: half-written ones of `braggflow cloud --all`, editors' backups
                if (Files.isRegularFile(p) && !name.startsWith(".") && (name.endsWith(".ply") || name.endsWith(".csv"))) files.add(p);
            }
        }
        if (files.isEmpty()) throw new NoSuchFileException(input + " holds no .ply or .csv clouds");
        files.sort(null);
        return files;
    }

    /** Writes through a temporary file beside the output, so a reader never sees half a table. */
    private void write(List<Path> files, float[][] features, int size) throws IOException {
        String[] header = new String[size + 1];
        header[0] = "source";
        for (int i = 0; i < size; i++) header[i + 1] = "f" + i;
        Path target = output.toAbsolutePath();
        if (target.getParent() != null) Files.createDirectories(target.getParent());
        AtomicFiles.write(target, stream -> {
            BufferedWriter out = new BufferedWriter(new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8));
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").setHeader(header).get());
            for (int c = 0; c < files.size(); c++) {
                List<Object> row = new ArrayList<>(size + 1);
                row.add(files.get(c).getFileName().toString());
                for (float v : features[c]) row.add(v);
                csv.printRecord(row);
            }
            csv.flush();
        });
    }
}
