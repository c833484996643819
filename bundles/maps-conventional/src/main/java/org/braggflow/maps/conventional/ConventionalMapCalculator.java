package org.braggflow.maps.conventional;

import java.lang.annotation.Annotation;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.LiveMapAccumulator;
import org.braggflow.api.stage.MapAccumulator;
import org.braggflow.api.stage.MapCalculator;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@code maps/conventional} stage. */
@Component(service = MapCalculator.class)
@Stage(type = "maps", name = "conventional")
public final class ConventionalMapCalculator implements MapCalculator {

    @Activate
    public ConventionalMapCalculator() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return ConventionalParameters.class;
    }

    @Override
    public String description() {
        return "Intensity, centre of mass, FWHM and rocking peak per position; strain and tilt from the q shift of the peak; "
                + "skewness, kurtosis, split and peak count of the peak's shape";
    }

    @Override
    public MapAccumulator start(ScanMetadata scan, Parameters parameters) {
        ConventionalParameters p = parameters.as(ConventionalParameters.class);
        return new ConventionalAccumulator(scan, p.threshold(), new PeakShape.Settings(p.peakSmoothing(), p.peakFraction(), p.edgeFraction()));
    }

    @Override
    public LiveMapAccumulator startLive(ScanMetadata scan, Parameters parameters) {
        return new LiveConventionalAccumulator(scan, parameters.as(ConventionalParameters.class).threshold());
    }
}
