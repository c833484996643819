import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Denoiser;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.launcher.clouds.CloudFiles;

/**
 * LPA-ICI's speed in two builds of the denoiser, in one JVM and in turns (scripts/lpa-compare.sh runs it;
 * docs/method.md, section 3). This host's speed drifts by up to 1.3x within an hour and more from day to
 * day, so two separate runs cannot tell a change from the drift: here the builds take turns batch by
 * batch (5 clouds a batch, the order alternating), and what is printed is the median of the batches'
 * ratios with its quartiles, and a hash of every output coordinate per build (equal hashes: the same
 * output). Each build's own {@code denoiser/lpa-ici} stage runs the workflows' two calls: every parameter
 * at the default that build declares, then density 0.2.
 *
 * <p>Arguments: CLOUDS COUNT ROUNDS CLASSPATH_A CLASSPATH_B [CLASSPATH ...]; CLOUDS a folder of clouds (.csv or
 * .ply), as {@code braggflow cloud --all} writes them, read with the platform's reader (the distribution's lib/
 * on the class path, which also gives the stage API); each CLASSPATH holds one build's denoise-lpaici and
 * spatial classes; the first round warms up and is not counted.
 */
public final class LpaCompare {

    private static final int BATCH = 5;

    /** The workflows' two LPA-ICI calls: the stage's defaults, then density 0.2. */
    private static final List<Map<String, Object>> CALLS = List.of(Map.of(), Map.of("density", 0.2));

    /** One build's stage, each build in its own class loader, with its parameters for each call. */
    private record Build(Denoiser stage, List<Parameters> calls) {

        static Build load(String classPath) throws Exception {
            URL[] urls = Arrays.stream(classPath.split(":")).map(Build::url).toArray(URL[]::new);
            ClassLoader loader = new OwnClassesFirst(urls, LpaCompare.class.getClassLoader());
            Denoiser stage = (Denoiser) loader.loadClass("org.braggflow.denoise.lpaici.LpaIciDenoiser").getConstructor().newInstance();
            StageDescriptor descriptor = StageDescriptor.of("denoiser", "lpa-ici", stage);
            return new Build(stage, CALLS.stream().map(values -> Parameters.of(descriptor, values)).toList());
        }

        float[] run(PointCloud cloud, int call) {
            return stage.denoise(cloud, calls.get(call)).xyz();
        }

        private static URL url(String path) {
            try {
                return Path.of(path).toUri().toURL();
            } catch (Exception e) {
                throw new IllegalArgumentException(path, e);
            }
        }
    }

    /**
     * Loads the build's own denoiser and kd-tree classes before the parent's: the distribution's lib/, which
     * gives the stage API and the cloud reader, holds the working tree's spatial classes too.
     */
    private static final class OwnClassesFirst extends URLClassLoader {

        OwnClassesFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.braggflow.denoise.") && !name.startsWith("org.braggflow.spatial.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) c = findClass(name);
                if (resolve) resolveClass(c);
                return c;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: LpaCompare CLOUDS COUNT ROUNDS CLASSPATH_A CLASSPATH_B [CLASSPATH ...]");
            System.exit(2);
        }
        List<PointCloud> clouds = read(Path.of(args[0]), Integer.parseInt(args[1]));
        int rounds = Integer.parseInt(args[2]);
        if (rounds < 2) throw new IllegalArgumentException("ROUNDS: at least 2 (the first warms up)");
        List<Build> builds = new ArrayList<>();
        for (int b = 3; b < args.length; b++) builds.add(Build.load(args[b]));
        long points = clouds.stream().mapToLong(PointCloud::size).sum();
        System.out.printf("%d clouds, %d points; %d builds in turns, batches of %d, %d rounds after a warm-up%n",
                clouds.size(), points, builds.size(), BATCH, rounds - 1);
        int batches = (clouds.size() + BATCH - 1) / BATCH;
        for (int call = 0; call < CALLS.size(); call++) {
            List<List<Double>> ratios = new ArrayList<>();
            double[] seconds = new double[builds.size()];
            long[] hash = new long[builds.size()];
            for (int v = 0; v < builds.size(); v++) ratios.add(new ArrayList<>());
            for (int r = 0; r < rounds; r++) {
                for (int b = 0; b < batches; b++) {
                    double[] t = new double[builds.size()];
                    for (int turn = 0; turn < builds.size(); turn++) {
                        // the order alternates, so neither build always runs on a warmer cache or a later second
                        int v = (r + b) % 2 == 0 ? turn : builds.size() - 1 - turn;
                        long start = System.nanoTime();
                        for (int c = b * BATCH; c < Math.min(clouds.size(), (b + 1) * BATCH); c++) {
                            float[] out = builds.get(v).run(clouds.get(c), call);
                            if (r == 0) hash[v] = 31 * hash[v] + Arrays.hashCode(out);
                        }
                        t[v] = (System.nanoTime() - start) / 1e9;
                    }
                    if (r == 0) continue;
                    for (int v = 0; v < builds.size(); v++) {
                        seconds[v] += t[v];
                        ratios.get(v).add(t[0] / t[v]);
                    }
                }
            }
            for (int v = 0; v < builds.size(); v++) {
                List<Double> q = ratios.get(v);
                Collections.sort(q);
                int m = q.size();
                System.out.printf("call %d %s, build %s: %.0f points/s; speed against build A: median %.3f (quartiles %.3f-%.3f); output hash %016x%n",
                        call + 1, CALLS.get(call), (char) ('A' + v), points * (rounds - 1) / seconds[v], q.get(m / 2), q.get(m / 4), q.get(3 * m / 4), hash[v]);
            }
        }
    }

    /** The clouds of a folder, read by the platform's own cloud reader (.csv or .ply), the first COUNT by name. */
    private static List<PointCloud> read(Path folder, int count) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(CloudFiles::hasCloudFormat).sorted().limit(count).toList();
        }
        if (files.isEmpty()) throw new IllegalArgumentException(folder + ": no .csv or .ply clouds");
        List<PointCloud> clouds = new ArrayList<>();
        for (Path f : files) clouds.add(CloudFiles.read(f));
        return clouds;
    }
}
