package org.braggflow.launcher.stage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.braggflow.api.stage.ScanReader;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.api.stage.StageService;
import org.braggflow.api.stage.StageType;
import org.braggflow.scanio.ScanFormatException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Every stage service in the framework, tracked as bundles come and go. Lookups always return the
 * service registered now, so a replaced bundle is used by the next call; when several bundles offer
 * the same type and name, the highest bundle version wins.
 */
public final class StageRegistry implements AutoCloseable {

    private final BundleContext context;
    private final ServiceTracker<StageService, DeployedStage> tracker;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Object changed = new Object();
    private final Map<ServiceReference<StageService>, DeployedStage> stages = new ConcurrentHashMap<>();

    public StageRegistry(BundleContext context) {
        this.context = context;
        try {
            this.tracker = new ServiceTracker<>(context,
                    context.createFilter("(&(" + Constants.OBJECTCLASS + "=*)(" + StageType.TYPE_PROPERTY + "=*)("
                            + StageType.NAME_PROPERTY + "=*))"),
                    new Customizer());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open(true);
    }

    /** Called (on the framework's thread) after any stage service appears, changes or goes. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** The stages deployed now, sorted by type (pipeline order), name and version. */
    public List<DeployedStage> list() {
        List<DeployedStage> all = new ArrayList<>(stages.values());
        all.sort(Comparator.<DeployedStage, Integer>comparing(s -> StageType.byId(s.type()).map(Enum::ordinal).orElse(99))
                .thenComparing(DeployedStage::name)
                .thenComparing(s -> Version.parseVersion(s.bundleVersion())));
        return all;
    }

    /** The current service for a type and name, if one is deployed. */
    public Optional<DeployedStage> find(String type, String name) {
        return stages.values().stream()
                .filter(s -> s.type().equals(type) && s.name().equals(name))
                .max(Comparator.comparing((DeployedStage s) -> Version.parseVersion(s.bundleVersion()))
                        .thenComparing(DeployedStage::bundleId));
    }

    /**
     * The deployed reader that accepts {@code input} (the first in listing order), asked of every reader
     * deployed now, so a hot-deployed reader for a new format is used by the next scan.
     *
     * @throws ScanFormatException naming the input and the deployed readers when none accepts it
     */
    public DeployedStage readerFor(Path input) throws ScanFormatException {
        return readerFor(list(), input);
    }

    /**
     * The choice itself, over a given listing (kept apart from the framework so that it can be tested
     * with plain reader objects): the first reader in {@code deployed} that accepts {@code input}.
     */
    static DeployedStage readerFor(List<DeployedStage> deployed, Path input) throws ScanFormatException {
        List<String> seen = new ArrayList<>();
        for (DeployedStage s : deployed) {
            if (!s.type().equals(StageType.READER.id())) continue;
            seen.add(s.name());
            if (((ScanReader) s.service()).accepts(input)) return s;
        }
        if (!java.nio.file.Files.exists(input)) throw new ScanFormatException(input, "no such file or folder");
        throw new ScanFormatException(input, "no deployed reader recognises it (readers: "
                + (seen.isEmpty() ? "none deployed" : String.join(", ", seen))
                + "); deploy a reader for its format, or see docs/formats.md for the formats the shipped readers take");
    }

    /**
     * The declaration of the stage a workflow names: {@code auto} stands for any deployed
     * implementation of the type (readers chosen per scan share one declaration).
     */
    public Optional<StageDescriptor> descriptor(String type, String name) {
        if (name.equals("auto")) return list().stream().filter(s -> s.type().equals(type)).findFirst().map(DeployedStage::descriptor);
        return find(type, name).map(DeployedStage::descriptor);
    }

    /**
     * The current service for a type and name, waiting up to {@code timeout} for one to appear (a
     * bundle being replaced is briefly absent).
     *
     * @throws StageUnavailableException naming the stage and what is deployed of that type
     */
    public DeployedStage await(String type, String name, Duration timeout)
            throws StageUnavailableException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (true) {
                Optional<DeployedStage> found = find(type, name);
                if (found.isPresent()) return found.get();
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                changed.wait(Math.max(1, left / 1_000_000));
            }
        }
        List<String> ofType = list().stream().filter(s -> s.type().equals(type)).map(DeployedStage::name).distinct().toList();
        throw new StageUnavailableException("stage " + type + "/" + name + " is not deployed (waited "
                + timeout.toMillis() + " ms); deployed " + type + " stages: "
                + (ofType.isEmpty() ? "none" : String.join(", ", ofType)));
    }

    private void fireChanged() {
        synchronized (changed) {
            changed.notifyAll();
        }
        for (Runnable l : listeners) l.run();
    }

    @Override
    public void close() {
        // closing untracks every service; listeners are owned by parts already shutting down
        listeners.clear();
        tracker.close();
    }

    private final class Customizer implements ServiceTrackerCustomizer<StageService, DeployedStage> {

        @Override
        public DeployedStage addingService(ServiceReference<StageService> ref) {
            Object service = context.getService(ref);
            if (!(service instanceof StageService stage)) {
                // a bundle wired to another copy of the API: not usable from here
                context.ungetService(ref);
                return null;
            }
            Bundle bundle = ref.getBundle();
            String type = String.valueOf(ref.getProperty(StageType.TYPE_PROPERTY));
            String name = String.valueOf(ref.getProperty(StageType.NAME_PROPERTY));
            DeployedStage deployed = new DeployedStage(StageDescriptor.of(type, name, stage),
                    bundle.getSymbolicName(), bundle.getVersion().toString(), bundle.getBundleId(), stage);
            stages.put(ref, deployed);
            fireChanged();
            return deployed;
        }

        @Override
        public void modifiedService(ServiceReference<StageService> ref, DeployedStage stage) {
            fireChanged();
        }

        @Override
        public void removedService(ServiceReference<StageService> ref, DeployedStage stage) {
            stages.remove(ref);
            context.ungetService(ref);
            fireChanged();
        }
    }
}
