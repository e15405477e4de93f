package dev.obra.orchestrator.sqlite;

import dev.obra.orchestrator.testing.Required;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server of one test, which the test may restart: a new cluster in a temporary folder, on a
 * free port of 127.0.0.1, started with {@code initdb} and {@code pg_ctl} from {@code /usr/lib/postgresql/<v>/bin}
 * (as the {@code postgres} system user when the test runs as root, since PostgreSQL refuses to run as root). Without
 * {@code pg_ctl} the calling test is skipped, or fails when {@code CI=true}. {@link #close()} stops the server and
 * removes the folder, whatever state it is in.
 */
final class PostgresServer implements AutoCloseable {
    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path dir;
    private final int port;
    private final List<String> asPostgres;
    private Thread stopper;
    private boolean closed;

    private PostgresServer(Path bin, Path dir, int port, List<String> asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Creates a cluster and starts it, or skips the calling test (fails it on CI) when PostgreSQL is absent. */
    static PostgresServer start() throws IOException, InterruptedException {
        Optional<Path> bin = newestBin();
        if (bin.isEmpty()) {
            Required.missing("no " + INSTALLATIONS + "/<version>/bin/pg_ctl, so this test cannot start a PostgreSQL "
                    + "server of its own; .ci/setup.d/30-postgres.sh installs PostgreSQL");
        }
        Path dir = Files.createTempDirectory("obra-pg-restart");
        List<String> asPostgres = List.of();
        if ("root".equals(System.getProperty("user.name"))) {
            Files.setOwner(
                    dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
            asPostgres = List.of("runuser", "-u", "postgres", "--");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        PostgresServer server = new PostgresServer(bin.get(), dir, freePort(), asPostgres);
        // Should the test JVM be stopped before close() runs, the server must not outlive it.
        Thread stopper = new Thread(
                () -> {
                    try {
                        server.close();
                    } catch (IOException | InterruptedException | RuntimeException e) {
                        System.err.println("could not remove the test's PostgreSQL server in " + dir + ": " + e);
                    }
                },
                "obra-pg-test-stopper");
        Runtime.getRuntime().addShutdownHook(stopper);
        server.stopper = stopper;
        try {
            server.run(
                    "initdb",
                    "-D",
                    server.data(),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync");
            server.pgCtl(
                    "start",
                    "-l",
                    dir.resolve("server.log").toString(),
                    "-o",
                    "-c listen_addresses=127.0.0.1 -p " + server.port + " -k " + dir + " -c fsync=off");
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Returns a DataSource that opens a new connection to the server for every {@code getConnection()}. */
    PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url());
        return dataSource;
    }

    /** Returns the JDBC URL of the server's {@code postgres} database. */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** Stops the server (fast shutdown: sessions are ended, open transactions rolled back) and starts it again. */
    void restart() throws IOException, InterruptedException {
        pgCtl("restart", "-l", dir.resolve("server.log").toString(), "-m", "fast");
    }

    /** Stops the server if it runs and removes its folder. */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        if (stopper != null && Thread.currentThread() != stopper) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs, or has run, close() itself.
            }
        }
        try {
            if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
                pgCtl("stop", "-m", "immediate");
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    /** Runs {@code pg_ctl} with {@code options} and {@code action} on the cluster, waiting up to 60 s for it. */
    private void pgCtl(String action, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-D", data()));
        args.addAll(List.of(options));
        args.addAll(List.of("-w", "-t", "60", action));
        run("pg_ctl", args.toArray(String[]::new));
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(asPostgres);
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile("obra-pg-" + tool, ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(tool + " did not finish in 120 s: " + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(tool + " exited " + process.exitValue() + ": " + Files.readString(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Optional<Path> newestBin() throws IOException {
        if (!Files.isDirectory(INSTALLATIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(
                            b -> versionOf(b.getParent().getFileName().toString())));
        }
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
