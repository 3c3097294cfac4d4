package io.cpa.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to start one process and to know when it serves: plain data, so the same spec starts a process
 * again after a kill (same command, port, environment and log file).
 *
 * @param name        how logs, pid files and messages call it ({@code answer-service}, {@code kafka}, ...)
 * @param command     the program and its arguments
 * @param environment added to (and overriding) the launcher's own environment, which the process inherits
 * @param directory   working directory; null = the launcher's
 * @param log         stdout and stderr together go to this file (not rotated, not capped: it grows with what the
 *                    process writes)
 * @param readiness   when it counts as started
 * @param port        the fixed 127.0.0.1 port it will listen on, checked to be free before it starts; 0 = none or
 *                    chosen by the process itself
 */
public record ServiceSpec(String name, List<String> command, Map<String, String> environment, Path directory, Path log,
                          Readiness readiness, int port) {

    public ServiceSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a process needs a name");
        if (command == null || command.isEmpty()) throw new IllegalArgumentException(name + ": empty command");
        if (log == null) throw new IllegalArgumentException(name + ": no log file");
        if (readiness == null) throw new IllegalArgumentException(name + ": no readiness check");
        if (port < 0 || port > 65535) throw new IllegalArgumentException(name + ": port " + port);
        command = List.copyOf(command);
        environment = Map.copyOf(environment == null ? Map.of() : environment);
    }

    public ServiceSpec(String name, List<String> command, Path log, Readiness readiness) {
        this(name, command, Map.of(), null, log, readiness, 0);
    }

    /** The same process with more (or overriding) environment variables. */
    public ServiceSpec withEnvironment(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(environment);
        all.putAll(more);
        return new ServiceSpec(name, command, all, directory, log, readiness, port);
    }

    public ServiceSpec inDirectory(Path dir) {
        return new ServiceSpec(name, command, environment, dir, log, readiness, port);
    }
}
