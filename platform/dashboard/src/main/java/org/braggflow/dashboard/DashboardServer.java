package org.braggflow.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.models.ModelRegistry;
import org.braggflow.launcher.serve.WorkflowService;
import org.braggflow.launcher.stage.StageListing;
import org.braggflow.launcher.stage.StageRegistry;
import org.osgi.framework.BundleContext;

/**
 * The web dashboard of {@code serve --http}: an HTTP server (Camel's platform-http on Vert.x) inside
 * the serving platform. JSON routes give runs, a run's maps, a position's peak, workflows, stages and
 * models; {@code /api/events} pushes the run list as server-sent events whenever a run record or a
 * refused input changes; every other path is a file of the page, from the bundle that carries it.
 * Bound beyond loopback, every request needs the access token printed at start (once in the URL,
 * then a cookie).
 */
public final class DashboardServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COOKIE = "braggflow_token";

    private final HttpAddress address;
    private final RunIndex runs;
    private final PeakView peaks;
    private final WebAssets assets;
    private final StageRegistry stages;
    private final WorkflowService workflows;
    private final BraggflowHome home;
    private final String token;
    private final List<HttpServerResponse> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "braggflow-dashboard-events");
        t.setDaemon(true);
        return t;
    });
    private volatile String lastFingerprint = "";
    private volatile String lastSummary = "{}";

    private DashboardServer(HttpAddress address, BraggflowHome home, StageRegistry stages, WorkflowService workflows, BundleContext bundles) {
        this.address = address;
        this.home = home;
        this.stages = stages;
        this.workflows = workflows;
        this.runs = new RunIndex(() -> workflows.resultFolders(), () -> workflows.inboxFolders());
        this.peaks = new PeakView(stages);
        this.assets = new WebAssets(bundles);
        this.token = address.loopback() ? null : HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    }

    /** Starts the server on the serving Camel context; the returned object stops it. */
    public static DashboardServer start(HttpAddress address, CamelContext camel, BraggflowHome home, StageRegistry stages,
            WorkflowService workflows, BundleContext bundles) throws Exception {
        DashboardServer d = new DashboardServer(address, home, stages, workflows, bundles);
        VertxPlatformHttpServerConfiguration config = new VertxPlatformHttpServerConfiguration();
        config.setBindHost(address.host());
        config.setBindPort(address.port());
        camel.addService(new VertxPlatformHttpServer(config), true, true);
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(address.port()));
        if (router == null) throw new IllegalStateException("the HTTP server on " + address.url() + " did not start");
        // before every route: the token check, then the event stream (long-lived, so handled by Vert.x directly)
        router.route().order(-100).handler(d::authorise);
        router.get("/api/events").order(-90).handler(d::subscribe);
        camel.addRoutes(d.routes());
        d.watcher.scheduleWithFixedDelay(d::pushIfChanged, 0, 500, TimeUnit.MILLISECONDS);
        return d;
    }

    /** What to open: the URL, with the token when one is needed. */
    public String url() {
        return address.url() + (token == null ? "" : "?token=" + token);
    }

    private void authorise(RoutingContext ctx) {
        if (token == null) {
            ctx.next();
            return;
        }
        String given = ctx.request().getParam("token");
        if (given == null && ctx.request().getCookie(COOKIE) != null) given = ctx.request().getCookie(COOKIE).getValue();
        String header = ctx.request().getHeader("Authorization");
        if (given == null && header != null && header.startsWith("Bearer ")) given = header.substring(7);
        // compared in constant time, so the response time says nothing about the token
        if (given == null || !java.security.MessageDigest.isEqual(token.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                given.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            ctx.response().setStatusCode(401).putHeader("Content-Type", "text/plain").end("a token is needed: open the URL serve printed\n");
            return;
        }
        if (ctx.request().getParam("token") != null) {
            ctx.response().addCookie(io.vertx.core.http.Cookie.cookie(COOKIE, token).setHttpOnly(true).setPath("/"));
        }
        ctx.next();
    }

    private void subscribe(RoutingContext ctx) {
        if (lastFingerprint.isEmpty()) pushIfChanged();
        HttpServerResponse r = ctx.response();
        r.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        r.write("retry: 2000\n\n");
        r.write("event: runs\ndata: " + lastSummary + "\n\n");
        listeners.add(r);
        r.closeHandler(v -> listeners.remove(r));
    }

    private synchronized void pushIfChanged() {
        try {
            String fp = runs.fingerprint();
            if (fp.equals(lastFingerprint)) return;
            lastFingerprint = fp;
            lastSummary = JSON.writeValueAsString(runs.summary());
            String event = "event: runs\ndata: " + lastSummary + "\n\n";
            for (HttpServerResponse r : listeners) {
                if (r.closed()) listeners.remove(r);
                else r.write(event);
            }
        } catch (Exception e) {
            // a file replaced while read: the next tick reads it again
        }
    }

    private RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class).handled(true).process(e -> {
                    Exception ex = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                    int code = ex instanceof IllegalArgumentException || ex instanceof java.util.NoSuchElementException ? 404 : 500;
                    json(e, code, JSON.createObjectNode().put("error", String.valueOf(ex.getMessage())));
                });
                from("platform-http:/api/runs?httpMethodRestrict=GET").routeId("dashboard-runs")
                        .process(e -> json(e, 200, runs.summary()));
                from("platform-http:/api/runs/{workflow}/{scan}?httpMethodRestrict=GET").routeId("dashboard-run")
                        .process(e -> {
                            RunIndex.Run run = run(e);
                            ObjectNode out = JSON.createObjectNode();
                            out.set("record", run.record());
                            if (Files.isRegularFile(run.folder().resolve("maps.csv"))) out.set("maps", RunMaps.read(run.folder()));
                            json(e, 200, out);
                        });
                from("platform-http:/api/runs/{workflow}/{scan}/peak?httpMethodRestrict=GET").routeId("dashboard-peak")
                        .process(e -> json(e, 200, peaks.peak(run(e), intHeader(e, "row"), intHeader(e, "col"))));
                from("platform-http:/api/runs/{workflow}/{scan}/files?httpMethodRestrict=GET&matchOnUriPrefix=true").routeId("dashboard-files")
                        .process(e -> download(e, run(e)));
                from("platform-http:/api/workflows?httpMethodRestrict=GET").routeId("dashboard-workflows")
                        .process(e -> json(e, 200, JSON.valueToTree(workflows.status())));
                from("platform-http:/api/stages?httpMethodRestrict=GET").routeId("dashboard-stages")
                        .process(e -> json(e, 200, JSON.valueToTree(StageListing.of(stages.list()))));
                from("platform-http:/api/models?httpMethodRestrict=GET").routeId("dashboard-models")
                        .process(e -> json(e, 200, models()));
                from("platform-http:/?httpMethodRestrict=GET&matchOnUriPrefix=true").routeId("dashboard-page")
                        .process(e -> {
                            String path = e.getIn().getHeader(Exchange.HTTP_PATH, "", String.class);
                            var asset = assets.find(path);
                            if (asset.isEmpty()) {
                                e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
                                e.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain");
                                e.getMessage().setBody(path.isEmpty() || path.equals("/")
                                        ? "no dashboard bundle is deployed (one with a Braggflow-Web manifest header)\n" : "not found: " + path + "\n");
                                return;
                            }
                            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                            e.getMessage().setHeader(Exchange.CONTENT_TYPE, asset.get().type());
                            e.getMessage().setBody(asset.get().bytes());
                        });
            }
        };
    }

    private RunIndex.Run run(Exchange e) {
        String wf = e.getIn().getHeader("workflow", String.class), scan = e.getIn().getHeader("scan", String.class);
        return runs.run(wf, scan).orElseThrow(() -> new IllegalArgumentException("no run " + wf + "/" + scan));
    }

    private static int intHeader(Exchange e, String name) {
        String v = e.getIn().getHeader(name, String.class);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
    }

    private static void download(Exchange e, RunIndex.Run run) throws Exception {
        String path = e.getIn().getHeader(Exchange.HTTP_PATH, "", String.class);
        String name = path.substring(path.indexOf("/files/") + "/files/".length());
        Path file = run.folder().resolve(name).normalize();
        if (!file.startsWith(run.folder()) || !ContentTypes.downloadable(name) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no output " + name + " in run " + run.workflow() + "/" + run.scan());
        }
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, ContentTypes.of(name));
        e.getMessage().setHeader("Content-Disposition", (ContentTypes.inline(name) ? "inline" : "attachment")
                + "; filename=\"" + file.getFileName() + "\"");
        e.getMessage().setBody(Files.readAllBytes(file));
    }

    private ArrayNode models() throws Exception {
        ModelRegistry registry = new ModelRegistry(home.models());
        ArrayNode out = JSON.createArrayNode();
        for (String id : registry.ids()) {
            ObjectNode n = out.addObject();
            n.put("id", id);
            try {
                // the record as the registry wrote it
                n.set("record", JSON.readTree(registry.folder(id).resolve(ModelRegistry.RECORD).toFile()));
            } catch (Exception ex) {
                n.put("error", ex.getMessage());
            }
        }
        return out;
    }

    private static void json(Exchange e, int code, Object body) throws Exception {
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        e.getMessage().setBody(JSON.writeValueAsBytes(body));
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        for (HttpServerResponse r : listeners) {
            try {
                r.end();
            } catch (RuntimeException e) {
                // already closed by the browser
            }
        }
        peaks.close();
    }
}
