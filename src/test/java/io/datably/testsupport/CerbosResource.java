package io.datably.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Cerbos PDP (the pinned binary that scripts/cerbos.sh installs into ~/.cache/datably when missing) on a
 * free loopback port, with the repository's policies/ and the sidecar's configuration (k8s/base/cerbos/config.yaml).
 * Gives {@code datably.authz.cerbos-url}; stops the PDP on close. Startup takes a fraction of a second once the
 * binary is cached. Its log goes to target/cerbos-PORT.log. Init arg {@code policies}: another policy directory.
 */
public class CerbosResource implements QuarkusTestResourceLifecycleManager {
    public static final String URL_PROPERTY = "datably.authz.cerbos-url";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final int BIND_ATTEMPTS = 3;

    private final Path root = Path.of("").toAbsolutePath();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Path policies = root.resolve("policies");
    private Process process;
    private String url;

    @Override
    public void init(Map<String, String> initArgs) {
        String dir = initArgs.get("policies");
        if (dir != null) {
            policies = root.resolve(dir);
        }
    }

    @Override
    public Map<String, String> start() {
        install();
        IllegalStateException last = null;
        // A free port can be taken between finding it and the PDP binding it: then try another.
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            try {
                startOn(freePort());
                return Map.of(URL_PROPERTY, url);
            } catch (IllegalStateException e) {
                stop();
                last = e;
            }
        }
        throw last;
    }

    /** The PDP's process id (the process is the PDP itself), for a test that stops it; null before start. */
    public Long pid() {
        return process == null ? null : process.pid();
    }

    /** The PDP's base URL, e.g. http://127.0.0.1:41234 (null before start). */
    public String url() {
        return url;
    }

    @Override
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** scripts/cerbos.sh install: a no-op when the pinned binary is cached, else fetches it from npm. */
    private void install() {
        Path log = root.resolve("target/cerbos-install.log");
        int exit = run(List.of("bash", "scripts/cerbos.sh", "install"), log);
        if (exit != 0) {
            throw new IllegalStateException("bash scripts/cerbos.sh install failed (exit " + exit + "): " + tail(log));
        }
    }

    private void startOn(int port) {
        Path log = root.resolve("target/cerbos-" + port + ".log");
        try {
            Files.createDirectories(log.getParent());
            // scripts/cerbos.sh run execs the PDP: this process is the PDP itself, so destroy() stops it.
            ProcessBuilder builder = new ProcessBuilder("bash", "scripts/cerbos.sh", "run", Integer.toString(port))
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("CERBOS_POLICIES", policies.toString());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Cerbos PDP", e);
        }
        url = "http://127.0.0.1:" + port;
        awaitHealthy(log);
    }

    private void awaitHealthy(Path log) {
        HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/_cerbos/health"))
                .timeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Cerbos PDP exited with " + process.exitValue() + ": " + tail(log));
            }
            try {
                // Alive after answering: the answer was this PDP's, not another server's on a port taken meanwhile.
                if (http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200 && process.isAlive()) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the Cerbos PDP", e);
            }
            sleep(25);
        }
        throw new IllegalStateException("The Cerbos PDP did not answer " + url + "/_cerbos/health within "
                + STARTUP_TIMEOUT.toSeconds() + " s: " + tail(log));
    }

    private int run(List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Cerbos PDP", e);
        }
    }
}
