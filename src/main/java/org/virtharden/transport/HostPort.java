package org.virtharden.transport;

/** {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 address. */
public record HostPort(String host, int port) {
    public static HostPort parse(String spec, int defaultPort) {
        String s = spec.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("address is empty");
        }
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("address '" + spec + "' has '[' without ']'");
            }
            String rest = s.substring(end + 1);
            return new HostPort(s.substring(1, end), rest.startsWith(":") ? port(rest.substring(1), spec) : defaultPort);
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && colon == s.lastIndexOf(':')) {
            return new HostPort(s.substring(0, colon), port(s.substring(colon + 1), spec));
        }
        return new HostPort(s, defaultPort);
    }

    private static int port(String p, String spec) {
        try {
            int n = Integer.parseInt(p);
            if (n < 1 || n > 65535) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port in '" + spec + "' must be a number from 1 to 65535");
        }
    }
}
