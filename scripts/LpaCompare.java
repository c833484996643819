import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.braggflow.launcher.clouds.CloudFiles;

/**
 * LPA-ICI's speed in two builds of the denoiser, in one JVM and in turns (scripts/lpa-compare.sh runs it;
 * docs/method.md, section 3). This host's speed drifts by up to 1.3x within an hour and more from day to
 * day, so two separate runs cannot tell a change from the drift: here the builds take turns batch by
 * batch (5 clouds a batch, the order alternating), and what is printed is the median of the batches'
 * ratios with its quartiles, and a hash of every output coordinate per build (equal hashes: the same
 * output). The workflows' two calls: every parameter at the default each build declares
 * (LpaIciParameters: sigma 0.5 and density 2, relative to the cloud's spacing), then density 0.2.
 *
 * <p>Arguments: CLOUDS COUNT ROUNDS CLASSPATH_A CLASSPATH_B [CLASSPATH ...]; CLOUDS a folder of clouds (.csv or
 * .ply), as {@code braggflow cloud --all} writes them, read with the platform's reader (the distribution's lib/
 * on the class path); each CLASSPATH holds one build's denoise-lpaici and spatial classes; the first round
 * warms up and is not counted.
 */
public final class LpaCompare {

    private static final int BATCH = 5;

    /** One build's filter, reached by reflection: the classes are package-private, each build in its own loader. */
    private record Build(Object filter, Method denoise, double sigma, Object scaleMode) {

        static Build load(String classPath) throws Exception {
            URL[] urls = Arrays.stream(classPath.split(":")).map(Build::url).toArray(URL[]::new);
            ClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
            String pkg = "org.braggflow.denoise.lpaici.";
            Class<?> filterClass = loader.loadClass(pkg + "LpaIciFilter");
            Class<?> settingsClass = loader.loadClass(pkg + "LpaIciFilter$Settings");
            Class<?> weights = loader.loadClass(pkg + "AggregationWeight");
            Class<?> mode = loader.loadClass(pkg + "ScaleMode");
            // the stage's defaults as that build declares them (LpaIciParameters), combined as LpaIciDenoiser does
            Map<String, Object> d = defaults(loader.loadClass(pkg + "LpaIciParameters"));
            Method scales = filterClass.getDeclaredMethod("scales", double.class, double.class, int.class);
            scales.setAccessible(true);
            Constructor<?> settings = settingsClass.getDeclaredConstructor(double[].class, double.class, int.class,
                    double.class, int.class, int.class, double.class, double.class, weights, double.class);
            settings.setAccessible(true);
            Object s = settings.newInstance(scales.invoke(null, d.get("scaleStart"), d.get("scaleRatio"), d.get("scaleSteps")),
                    d.get("gamma"), d.get("passes"), d.get("passSigmaRatio"), d.get("neighbours"), d.get("minPoints"),
                    d.get("halfDepthPerSide"), d.get("halfDepthSigmas"), d.get("weights"), d.get("maxResidual"));
            Constructor<?> make = filterClass.getDeclaredConstructor(settingsClass);
            make.setAccessible(true);
            Method denoise = filterClass.getDeclaredMethod("denoise", float[].class, double.class, double.class, mode);
            denoise.setAccessible(true);
            return new Build(make.newInstance(s), denoise, (double) d.get("sigma"), d.get("scaleMode"));
        }

        /** Density 2 is the stage's default; the workflows' second call sets 0.2. */
        float[] run(float[] cloud, double density) throws Exception {
            return (float[]) denoise.invoke(filter, cloud, sigma, density, scaleMode);
        }

        /** Each element of the parameter declaration with its default value. */
        private static Map<String, Object> defaults(Class<?> declaration) {
            Map<String, Object> out = new HashMap<>();
            for (Method m : declaration.getDeclaredMethods()) {
                if (m.getDefaultValue() != null) out.put(m.getName(), m.getDefaultValue());
            }
            return out;
        }

        private static URL url(String path) {
            try {
                return Path.of(path).toUri().toURL();
            } catch (Exception e) {
                throw new IllegalArgumentException(path, e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: LpaCompare CLOUDS COUNT ROUNDS CLASSPATH_A CLASSPATH_B [CLASSPATH ...]");
            System.exit(2);
        }
        List<float[]> clouds = read(Path.of(args[0]), Integer.parseInt(args[1]));
        int rounds = Integer.parseInt(args[2]);
        if (rounds < 2) throw new IllegalArgumentException("ROUNDS: at least 2 (the first warms up)");
        List<Build> builds = new ArrayList<>();
        for (int b = 3; b < args.length; b++) builds.add(Build.load(args[b]));
        long points = clouds.stream().mapToLong(c -> c.length / 3).sum();
        System.out.printf("%d clouds, %d points; %d builds in turns, batches of %d, %d rounds after a warm-up%n",
                clouds.size(), points, builds.size(), BATCH, rounds - 1);
        int batches = (clouds.size() + BATCH - 1) / BATCH;
        for (double density : new double[] {2, 0.2}) {
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
                            float[] out = builds.get(v).run(clouds.get(c), density);
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
                System.out.printf("density %.1f, build %s: %.0f points/s; speed against build A: median %.3f (quartiles %.3f-%.3f); output hash %016x%n",
                        density, (char) ('A' + v), points * (rounds - 1) / seconds[v], q.get(m / 2), q.get(m / 4), q.get(3 * m / 4), hash[v]);
            }
        }
    }

    /** The clouds of a folder, read by the platform's own cloud reader (.csv or .ply), the first COUNT by name. */
    private static List<float[]> read(Path folder, int count) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(CloudFiles::hasCloudFormat).sorted().limit(count).toList();
        }
        if (files.isEmpty()) throw new IllegalArgumentException(folder + ": no .csv or .ply clouds");
        List<float[]> clouds = new ArrayList<>();
        for (Path f : files) clouds.add(CloudFiles.read(f).xyz());
        return clouds;
    }
}
