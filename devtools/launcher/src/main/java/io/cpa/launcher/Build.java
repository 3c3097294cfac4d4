package io.cpa.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds the modules a command needs when their output is missing; output that is there is used as it is. */
final class Build {
    /** The outputs {@link Components} reads, by module. */
    static final List<String> SERVICES = List.of("answer-service", "certainty-service", "analysis-service");

    private Build() {}

    /** What {@link Components} runs of a module. */
    static List<Path> outputsOf(Path root, String module) {
        return switch (module) {
            case "answer-service", "certainty-service", "analysis-service" -> List.of(root.resolve(module + "/target/quarkus-app/quarkus-run.jar"));
            case "devtools/embedded-kafka", "devtools/model-simulator", "devtools/service-bench" -> {
                String artifact = module.substring(module.lastIndexOf('/') + 1);
                yield List.of(root.resolve(module + "/target/" + artifact + "-" + Components.VERSION + ".jar"), root.resolve(module + "/target/lib"));
            }
            default -> throw new IllegalArgumentException("no build output known for " + module);
        };
    }

    /** The modules whose output is missing. */
    static Set<String> missing(Path root, List<String> modules) {
        Set<String> missing = new LinkedHashSet<>();
        for (String m : modules) if (!outputsOf(root, m).stream().allMatch(Files::exists)) missing.add(m);
        return missing;
    }

    /** Packages the missing modules (and what they depend on), tests skipped; fails when the build does. */
    static void ensure(Path root, List<String> modules) {
        Set<String> missing = missing(root, modules);
        if (missing.isEmpty()) return;
        List<String> cmd = List.of(root.resolve("mvnw").toString(), "-B", "-q", "package", "-DskipTests", "-pl", String.join(",", missing), "-am");
        Main.say("building " + String.join(", ", missing) + " (" + String.join(" ", cmd.subList(1, cmd.size())) + ") ...");
        int code = Foreground.run(cmd, root);
        if (code != 0) throw new Main.Failure("the build failed (exit code " + code + ")");
    }
}
