package io.cpa.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The processes of one demo, benchmark or test, by name, in the order they were started; closing stops them in the
 * reverse order (traffic sources and services first, the broker last), each with SIGTERM and then SIGKILL after the
 * grace period. One thread starts and stops; another (a shutdown hook) may close it meanwhile.
 */
public final class Launcher implements AutoCloseable {
    private final Map<String, ChildProcess> children = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final Duration stopGrace;
    private final Consumer<ChildProcess> onLaunch;

    public Launcher() {
        this(ChildProcess.DEFAULT_STOP_GRACE, child -> {});
    }

    /**
     * @param stopGrace how long each process may take to exit after SIGTERM
     * @param onLaunch  told of every process right after it starts, before it is ready (the demo's pid file)
     */
    public Launcher(Duration stopGrace, Consumer<ChildProcess> onLaunch) {
        this.stopGrace = stopGrace;
        this.onLaunch = onLaunch;
    }

    /** Starts the process and waits until it serves; a process that does not is stopped before the error is thrown. */
    public ChildProcess start(ServiceSpec spec, Duration readyWithin) {
        ChildProcess child = launch(spec);
        try {
            return child.awaitReady(readyWithin);
        } catch (RuntimeException e) {
            child.stop(stopGrace);
            throw e;
        }
    }

    /** Starts the process without waiting for it (several services start together, then each is awaited). */
    public ChildProcess launch(ServiceSpec spec) {
        if (children.containsKey(spec.name())) throw new IllegalStateException(spec.name() + " was started already");
        return register(ChildProcess.launch(spec, false));
    }

    /** Starts a killed or stopped process again with its spec, adding to its log; does not wait for it. */
    public ChildProcess restart(String name) {
        ChildProcess old = get(name);
        if (old.isAlive()) throw new IllegalStateException(name + " still runs (pid " + old.pid() + "): stop or kill it first");
        return register(ChildProcess.launch(old.spec(), true));
    }

    private ChildProcess register(ChildProcess child) {
        children.put(child.name(), child);
        onLaunch.accept(child);
        return child;
    }

    /** SIGKILL, see {@link ChildProcess#kill()}. */
    public void kill(String name) {
        get(name).kill();
    }

    public void stop(String name) {
        get(name).stop(stopGrace);
    }

    public ChildProcess get(String name) {
        ChildProcess child = children.get(name);
        if (child == null) throw new NoSuchElementException("no process called " + name + " (started: " + children.keySet() + ")");
        return child;
    }

    public boolean has(String name) {
        return children.containsKey(name);
    }

    /** Every process started, alive or not, in start order. */
    public List<ChildProcess> children() {
        synchronized (children) {
            return List.copyOf(children.values());
        }
    }

    public List<String> names() {
        synchronized (children) {
            return List.copyOf(children.keySet());
        }
    }

    @Override
    public void close() {
        stopAll(child -> {});
    }

    /** Stops every process still running, the last started first; {@code stopped} is told of each one it stopped. */
    public void stopAll(Consumer<ChildProcess> stopped) {
        List<ChildProcess> reverse = new ArrayList<>(children());
        Collections.reverse(reverse);
        for (ChildProcess child : reverse) {
            if (!child.isAlive()) continue;
            child.stop(stopGrace);
            stopped.accept(child);
        }
    }
}
