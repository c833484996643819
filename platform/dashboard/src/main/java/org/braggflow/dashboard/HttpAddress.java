package org.braggflow.dashboard;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the dashboard listens, from {@code serve --http [HOST:]PORT}: localhost unless a host is
 * given. Bound to anything but a loopback address, every request must carry the access token.
 */
public record HttpAddress(String host, int port) {

    public static HttpAddress parse(String spec) {
        String s = spec.trim();
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : s.substring(0, colon);
        String port = colon < 0 ? s : s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (host.isBlank()) throw new IllegalArgumentException("--http '" + spec + "': the host before ':' is empty");
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--http '" + spec + "': the port '" + port + "' is not a number");
        }
        if (p < 1 || p > 65535) throw new IllegalArgumentException("--http '" + spec + "': the port must be 1 to 65535");
        return new HttpAddress(host, p);
    }

    /** True when only this machine can connect, so no token is asked for. */
    public boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The address to open: for a wildcard binding (0.0.0.0, ::) this machine's name, which others can reach. */
    public String url() {
        String h = host;
        if (h.equals("0.0.0.0") || h.equals("::")) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                // keep the wildcard: the user knows the machine's name
            }
        }
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port + "/";
    }
}
