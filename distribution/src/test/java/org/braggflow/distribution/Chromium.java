package org.braggflow.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Debian's Chromium, headless, driven through the DevTools protocol over the JDK's WebSocket client:
 * navigate, evaluate, real mouse clicks, screenshots. The browser is installed by
 * {@code scripts/install-chromium.sh} when missing.
 */
final class Chromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Chromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Installs Chromium if missing (scripts/install-chromium.sh) and returns its path. */
    static Path install(Path scripts) throws IOException, InterruptedException {
        Braggflow.Outcome r = Braggflow.exec(new ProcessBuilder("bash", scripts.resolve("install-chromium.sh").toString()), 600,
                "scripts/install-chromium.sh");
        if (r.code() != 0) throw new IOException("scripts/install-chromium.sh failed: " + r.output());
        return Path.of(r.output().strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    static Chromium start(Path browser, Path profile) throws Exception {
        Process p = new ProcessBuilder(browser.toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--window-size=1400,1000", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> devtools = CompletableFuture.supplyAsync(() -> {
            try {
                StringBuilder seen = new StringBuilder();
                String line;
                while ((line = err.readLine()) != null) {
                    int at = line.indexOf("DevTools listening on ");
                    if (at >= 0) return line.substring(at + "DevTools listening on ".length()).trim();
                    seen.append(line).append('\n');
                }
                throw new IllegalStateException("Chromium ended without a DevTools address:\n" + seen);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String browserWs = devtools.get(60, TimeUnit.SECONDS);
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) { }
            } catch (IOException closed) {
                // the browser ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        URI ws = URI.create(browserWs);
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String pageWs = null;
        for (JsonNode t : JSON.readTree(list)) if (t.path("type").asText().equals("page")) pageWs = t.path("webSocketDebuggerUrl").asText();
        if (pageWs == null) throw new IllegalStateException("no page target in " + list);
        Chromium[] self = new Chromium[1];
        StringBuilder partial = new StringBuilder();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String message = partial.toString();
                    partial.setLength(0);
                    try {
                        JsonNode m = JSON.readTree(message);
                        if (m.has("id") && self[0] != null) {
                            CompletableFuture<JsonNode> f = self[0].pending.remove(m.get("id").asInt());
                            if (f != null) f.complete(m);
                        }
                    } catch (IOException e) {
                        // not JSON: ignored
                    }
                }
                webSocket.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        self[0] = new Chromium(p, socket);
        self[0].send("Page.enable", JSON.createObjectNode());
        self[0].send("Runtime.enable", JSON.createObjectNode());
        return self[0];
    }

    JsonNode send(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
        m.set("params", params);
        socket.sendText(JSON.writeValueAsString(m), true).get(30, TimeUnit.SECONDS);
        JsonNode r = reply.get(60, TimeUnit.SECONDS);
        if (r.has("error")) throw new IllegalStateException(method + ": " + r.get("error"));
        return r.path("result");
    }

    void navigate(String url) throws Exception {
        send("Page.navigate", JSON.createObjectNode().put("url", url));
    }

    /** Evaluates an expression in the page (awaiting a promise) and returns its value. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode r = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true));
        if (r.has("exceptionDetails")) throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
        return r.path("result").path("value");
    }

    /** Waits until the expression is truthy in the page, then returns its value. */
    JsonNode await(String expression, int seconds, Supplier<String> whatElse) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        JsonNode v = null;
        while (System.nanoTime() < deadline) {
            v = evaluate("(() => { try { return " + expression + "; } catch (e) { return null; } })()");
            if (v != null && !v.isNull() && !v.isMissingNode() && !(v.isBoolean() && !v.asBoolean()) && !(v.isTextual() && v.asText().isEmpty())) return v;
            Thread.sleep(100);
        }
        throw new AssertionError("within " + seconds + " s the page never had " + expression + " (last " + v + "); " + whatElse.get());
    }

    /** A real left click (pressed and released) at page coordinates, as a user's mouse gives. */
    void click(double x, double y) throws Exception {
        for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
            ObjectNode p = JSON.createObjectNode().put("type", type).put("x", x).put("y", y).put("button", "left");
            if (!type.equals("mouseMoved")) p.put("clickCount", 1);
            send("Input.dispatchMouseEvent", p);
        }
    }

    /** Clicks the centre of the first element matching a CSS selector. */
    void click(String selector) throws Exception {
        JsonNode r = evaluate("(() => { const b = document.querySelector(" + JSON.writeValueAsString(selector)
                + ").getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; })()");
        click(r.get(0).asDouble(), r.get(1).asDouble());
    }

    void screenshot(Path png) throws Exception {
        JsonNode r = send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        Files.createDirectories(png.getParent());
        Files.write(png, Base64.getDecoder().decode(r.get("data").asText()));
    }

    @Override
    public void close() throws InterruptedException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (RuntimeException e) {
            // the browser is going anyway
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
