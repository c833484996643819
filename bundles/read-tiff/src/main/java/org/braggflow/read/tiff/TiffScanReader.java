package org.braggflow.read.tiff;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ScanReader;
import org.braggflow.api.stage.Stage;
import org.braggflow.scanio.ScanLayout;
import org.braggflow.scanio.ScanManifest;
import org.braggflow.read.support.AlignedScan;
import org.braggflow.read.support.ReaderParameters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@code reader/tiff} stage: format C, one multi-page TIFF per rocking angle. */
@Component(service = ScanReader.class)
@Stage(type = "reader", name = "tiff")
public final class TiffScanReader implements ScanReader {

    @Activate
    public TiffScanReader() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return ReaderParameters.class;
    }

    @Override
    public String description() {
        return "Reads a TIFF stack folder (scan.json + one multi-page TIFF per angle), normalised, drift-aligned and masked";
    }

    @Override
    public boolean accepts(Path input) {
        return ScanManifest.declaresFormat(input, ScanLayout.FORMAT_TIFF);
    }

    @Override
    public ScanSource open(Path input, Parameters parameters) throws IOException {
        return AlignedScan.open(TiffFrameSource.open(input), parameters.as(ReaderParameters.class));
    }
}
