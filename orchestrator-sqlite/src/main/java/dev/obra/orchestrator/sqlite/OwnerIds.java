package dev.obra.orchestrator.sqlite;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** Names the store instance that opened a task or session: process id, host, and a random part per instance. */
final class OwnerIds {
    private static final int MAX_HOST = 200;

    private OwnerIds() {}

    /** Returns a new owner name, for example {@code 4711@build-7/3f2a9c1e}; at most 255 characters. */
    static String current() {
        String host = host();
        if (host.length() > MAX_HOST) {
            host = host.substring(0, MAX_HOST);
        }
        return ProcessHandle.current().pid() + "@" + host + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String host() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException e) {
            return "unknown-host";
        }
    }
}
