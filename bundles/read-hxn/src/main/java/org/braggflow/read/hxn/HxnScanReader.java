package org.braggflow.read.hxn;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import org.braggflow.api.scan.LiveScan;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.read.support.AngleFiles;
import org.braggflow.read.support.FrameSource;
import org.braggflow.read.support.LiveAlignedScan;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ScanReader;
import org.braggflow.api.stage.Stage;
import org.braggflow.scanio.ScanFormatException;
import org.braggflow.scanio.ScanLayout;
import org.braggflow.scanio.ScanManifest;
import org.braggflow.read.support.AlignedScan;
import org.braggflow.read.support.ReaderParameters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code reader/hxn} stage: format B, the HXN beamline's per-angle HDF5 export, and format B2, the
 * beamline's own areaDetector files with a scan.json beside them.
 */
@Component(service = ScanReader.class)
@Stage(type = "reader", name = "hxn")
public final class HxnScanReader implements ScanReader {

    @Activate
    public HxnScanReader() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return ReaderParameters.class;
    }

    @Override
    public String description() {
        return "Reads an HXN folder (scan.json + one HDF5 per angle: the export's raw_data or the detector's own areaDetector files), "
                + "normalised, drift-aligned and masked";
    }

    @Override
    public boolean accepts(Path input) {
        return ScanManifest.declaresFormat(input, ScanLayout.FORMAT_HXN) || ScanManifest.declaresFormat(input, ScanLayout.FORMAT_HXN_AD);
    }

    /** The folder's scan.json, checked to declare one of this reader's formats. */
    private static ScanManifest manifest(Path folder) throws ScanFormatException {
        ScanManifest manifest = ScanManifest.read(folder);
        if (!manifest.format().equals(ScanLayout.FORMAT_HXN) && !manifest.format().equals(ScanLayout.FORMAT_HXN_AD)) {
            throw new ScanFormatException(folder.resolve(ScanLayout.MANIFEST), "format is '" + manifest.format() + "', this reader takes '"
                    + ScanLayout.FORMAT_HXN + "' or '" + ScanLayout.FORMAT_HXN_AD + "'");
        }
        return manifest;
    }

    private static FrameSource openAngles(Path folder, ScanManifest manifest, BitSet which) throws ScanFormatException {
        return manifest.format().equals(ScanLayout.FORMAT_HXN_AD) ? AreaDetectorFrameSource.open(folder, manifest, which)
                : HxnFrameSource.open(folder, manifest, which);
    }

    @Override
    public ScanSource open(Path input, Parameters parameters) throws IOException {
        ScanManifest manifest = manifest(input);
        BitSet all = new BitSet();
        all.set(0, manifest.angles().size());
        return AlignedScan.open(openAngles(input, manifest, all), parameters.as(ReaderParameters.class));
    }

    @Override
    public LiveScan openLive(Path input, Parameters parameters) throws IOException {
        ScanManifest manifest = manifest(input);
        return LiveAlignedScan.open(new AngleFiles() {
            @Override
            public int plannedAngles() {
                return manifest.angles().size();
            }

            @Override
            public List<Path> files(int angle) {
                // named before it exists; opening checks it stays inside the folder
                return List.of(input.resolve(manifest.angleFile(angle)));
            }

            @Override
            public Path xrfFile(int angle) {
                return input.resolve(ScanLayout.xrfFile(manifest.angles().get(angle).scanId()));
            }

            @Override
            public FrameSource openAngle(int angle) throws IOException {
                BitSet one = new BitSet();
                one.set(angle);
                return openAngles(input, manifest, one);
            }
        }, parameters.as(ReaderParameters.class));
    }
}
