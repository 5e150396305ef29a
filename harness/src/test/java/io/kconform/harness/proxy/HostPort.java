package io.kconform.harness.proxy;

import java.util.Arrays;
import java.util.List;

/** A broker address as clients and the protocol spell it. */
record HostPort(String host, int port) {

    static HostPort parse(String address) {
        String trimmed = address.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("not host:port: '" + address + "'");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new HostPort(host, Integer.parseInt(trimmed.substring(colon + 1)));
    }

    /** Parses a bootstrap list such as {@code "a:9092,b:9092"}. */
    static List<HostPort> parseList(String addresses) {
        List<HostPort> list = Arrays.stream(addresses.split(",")).filter(s -> !s.isBlank()).map(HostPort::parse).toList();
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no address in '" + addresses + "'");
        }
        return list;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
