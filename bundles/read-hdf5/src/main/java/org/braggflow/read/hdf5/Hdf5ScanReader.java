package org.braggflow.read.hdf5;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ScanReader;
import org.braggflow.api.stage.Stage;
import org.braggflow.read.support.AlignedScan;
import org.braggflow.read.support.ReaderParameters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@code reader/hdf5} stage: format A, one self-contained HDF5 file per scan. */
@Component(service = ScanReader.class)
@Stage(type = "reader", name = "hdf5")
public final class Hdf5ScanReader implements ScanReader {

    /** The 8-byte HDF5 signature at the start of the file. */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    @Activate
    public Hdf5ScanReader() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return ReaderParameters.class;
    }

    @Override
    public String description() {
        return "Reads a Braggflow HDF5 scan (/entry/data/frames), normalised, drift-aligned and masked";
    }

    @Override
    public boolean accepts(Path input) {
        String name = input.getFileName().toString().toLowerCase();
        if (!Files.isRegularFile(input) || !(name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".nxs"))) return false;
        try (InputStream in = Files.newInputStream(input)) {
            return Arrays.equals(in.readNBytes(SIGNATURE.length), SIGNATURE);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public ScanSource open(Path input, Parameters parameters) throws IOException {
        return AlignedScan.open(Hdf5FrameSource.open(input), parameters.as(ReaderParameters.class));
    }
}
