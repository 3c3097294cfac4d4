package io.cpa.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The commands of {@code ./cpa} that start or talk to processes: {@code demo}, {@code stop}, {@code status},
 * {@code bench-*}, {@code bench}, {@code report} (the script keeps {@code test} and the usage text). The checkout's
 * top folder comes as {@code -Dcpa.root}; relative paths in arguments are relative to the caller's folder.
 */
public final class Main {
    /** The service-bench harness of each {@code bench-*} command. */
    static final Map<String, String> HARNESSES = Map.of(
            "bench-certainty", "io.cpa.bench.CertaintyBench",
            "bench-proxy", "io.cpa.bench.ProxyLatencyBench",
            "bench-pipeline", "io.cpa.bench.BenchPipeline",
            "bench-mixed", "io.cpa.bench.MixedSoak",
            "bench-soak", "io.cpa.bench.SoakBench");
    /** The harnesses' heap: they hold latency arrays and, in bench-soak, the ten million certainties they sent. */
    static final String HARNESS_HEAP = "1g";

    private Main() {}

    public static void main(String[] argv) {
        if (argv.length == 0) {
            System.err.println("cpa: no command (./cpa help lists them)");
            System.exit(2);
        }
        Path root = Path.of(System.getProperty("cpa.root", ".")).toAbsolutePath().normalize();
        List<String> args = Arrays.asList(argv).subList(1, argv.length);
        try {
            System.exit(run(argv[0], args, root));
        } catch (Failure | Components.MissingBuildOutputException | ChildProcess.NotReadyException | Ports.PortInUseException e) {
            System.err.println("cpa: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("cpa: " + argv[0] + " failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Runs one command; returns the exit code. */
    static int run(String command, List<String> args, Path root) throws Exception {
        Map<String, String> env = System.getenv();
        switch (command) {
            case "demo" -> new Demo(new Components(root), DemoSettings.parse(args, env, root)).run();
            case "stop" -> DemoControl.stop(new PidFile(DemoSettings.parse(List.of(), env, root).pids()));
            case "status" -> {
                PidFile pids = new PidFile(DemoSettings.parse(List.of(), env, root).pids());
                if (!pids.exists()) say("no demo running from " + root);
                DemoControl.status(pids).forEach(System.out::println);
            }
            case "bench" -> Study.run(args, env.getOrDefault("CPA_ANSWER_URL", "http://127.0.0.1:8081"), System.out);
            case "report" -> Report.run(args, env.getOrDefault("CPA_ANALYSIS_URL", "http://127.0.0.1:8083"), System.out);
            default -> {
                String harness = HARNESSES.get(command);
                if (harness == null) throw new Failure("unknown command " + command + " (./cpa help lists them)");
                return bench(command, harness, args, root);
            }
        }
        return 0;
    }

    /** A service-bench harness in this terminal, from the checkout's folder, after building what it runs. */
    private static int bench(String command, String harness, List<String> args, Path root) {
        List<String> modules = new ArrayList<>(List.of("devtools/embedded-kafka", "devtools/model-simulator", "devtools/service-bench"));
        modules.addAll(Build.SERVICES);
        Build.ensure(root, modules);
        List<String> harnessArgs = new ArrayList<>();
        if (command.equals("bench-mixed")) harnessArgs.add("--root=" + root);
        harnessArgs.addAll(args);
        return Foreground.run(new Components(root).serviceBenchCommand(harness, harnessArgs, HARNESS_HEAP), root);
    }

    static void say(String message) {
        System.out.println("cpa: " + message);
        System.out.flush();
    }

    /** A command that cannot go on; its message is all the user needs. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }
}
