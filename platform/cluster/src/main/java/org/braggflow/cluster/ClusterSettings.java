package org.braggflow.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * How a process reaches the broker: the URL from {@code --broker} or {@code <home>/conf/cluster.properties}
 * ({@code broker=tcp://host:61616}), with {@code user} and {@code password} when the broker asks for them.
 * The URL takes Artemis's connector parameters (for TLS: {@code sslEnabled=true&trustStorePath=...}).
 */
public record ClusterSettings(String brokerUrl, String user, String password, Map<String, String> all) {

    /** The file a home keeps its cluster settings in. */
    public static Path file(Path home) {
        return new org.braggflow.launcher.home.BraggflowHome(home).clusterSettingsFile();
    }

    /** The settings of a home, with {@code brokerOption} (when given) in place of the file's broker. */
    public static ClusterSettings of(Path home, String brokerOption) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(new org.braggflow.launcher.home.BraggflowHome(home).clusterSettings());
        if (brokerOption != null) values.put("broker", brokerOption);
        return fromMap(values);
    }

    public static ClusterSettings fromMap(Map<String, String> values) {
        return new ClusterSettings(values.get("broker"), blankToNull(values.get("user")), blankToNull(values.get("password")), Map.copyOf(values));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public boolean configured() {
        return brokerUrl != null && !brokerUrl.isBlank();
    }

    /** An integer setting, or its default. */
    public int intSetting(String key, int fallback) {
        String v = all.get(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + v + "' in cluster settings is not a whole number");
        }
    }

    /** The broker URL with credentials hidden, for logs and run.json. */
    public String describe() {
        return brokerUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /**
     * A connection factory for this broker. {@code prefetch} false for consumers that compete for large
     * chunks: without a consumer window a worker holds no chunk it is not working on, so an idle worker
     * always finds the next one.
     */
    public ActiveMQConnectionFactory connectionFactory(boolean prefetch) {
        String url = brokerUrl;
        if (!prefetch) url += (url.contains("?") ? "&" : "?") + "consumerWindowSize=0";
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url);
        if (user != null) {
            cf.setUser(user);
            cf.setPassword(password);
        }
        return cf;
    }
}
