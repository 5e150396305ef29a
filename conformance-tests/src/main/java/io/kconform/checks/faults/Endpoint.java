package io.kconform.checks.faults;

import java.util.Arrays;
import java.util.List;

/** A broker address as clients and the protocol spell it. */
record Endpoint(String host, int port) {

    static Endpoint parse(String address) {
        String trimmed = address.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("not host:port: '" + address + "'");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Endpoint(host, Integer.parseInt(trimmed.substring(colon + 1)));
    }

    /** A bootstrap list such as {@code "a:9092,b:9092"}. */
    static List<Endpoint> parseList(String addresses) {
        List<Endpoint> list = Arrays.stream(addresses.split(",")).filter(s -> !s.isBlank()).map(Endpoint::parse)
                .toList();
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
