package io.cpa.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ./cpa bench}: starts a study on a running answer-service and shows its progress until it ends. */
final class Study {
    private Study() {}

    /** The command line, as given. */
    record Options(List<String> datasets, List<String> models, Long sample, Long seed, Long limit, List<String> variants,
                   List<Double> temperatures, Double ratePerSecond) {}

    static Options parse(List<String> args) {
        List<String> datasets = new ArrayList<>();
        List<String> models = new ArrayList<>();
        Long sample = null, seed = null, limit = null;
        Double rate = null;
        List<String> variants = List.of("cqp");
        List<Double> temperatures = List.of(0.2);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--dataset=")) {
                datasets.add(a.substring("--dataset=".length()));
                continue;
            }
            if (!List.of("--dataset", "--model", "--sample", "--seed", "--limit", "--variants", "--temperatures", "--rate").contains(a)) {
                throw new Main.Failure("bench: unknown option " + a + " (see ./cpa help)");
            }
            if (i + 1 >= args.size()) throw new Main.Failure("bench: " + a + " needs a value");
            String v = args.get(++i);
            switch (a) {
                case "--dataset" -> datasets.add(v);
                case "--model" -> models.add(v);
                case "--sample" -> sample = whole(a, v);
                case "--seed" -> seed = whole(a, v);
                case "--limit" -> limit = whole(a, v);
                case "--variants" -> variants = commaList(v);
                case "--temperatures" -> temperatures = commaList(v).stream().map(t -> decimal("--temperatures", t)).toList();
                default -> rate = decimal(a, v);
            }
        }
        if (datasets.isEmpty()) datasets.add("sample");
        return new Options(List.copyOf(datasets), List.copyOf(models), sample, seed, limit, variants, temperatures, rate);
    }

    /**
     * The study request: each {@code NAME=FILE} dataset with its file as an absolute path (the answer-service reads it,
     * from its own working directory), each {@code NAME=URL} model with its base URL.
     */
    static ObjectNode request(Options o, Path workingDir) {
        ObjectNode body = Http.JSON.createObjectNode();
        ArrayNode datasets = body.putArray("datasets");
        for (String d : o.datasets()) {
            ObjectNode ds = datasets.addObject();
            int eq = d.indexOf('=');
            ds.put("name", eq < 0 ? d : d.substring(0, eq));
            if (eq >= 0) {
                Path file = workingDir.resolve(d.substring(eq + 1)).toAbsolutePath().normalize();
                if (!Files.isReadable(file)) throw new Main.Failure("bench: dataset file not readable: " + d.substring(eq + 1));
                ds.put("path", file.toString());
            }
            if (o.sample() != null) ds.put("sample", o.sample());
            if (o.seed() != null) ds.put("seed", o.seed());
            if (o.limit() != null) ds.put("limit", o.limit());
        }
        o.variants().forEach(body.putArray("variants")::add);
        o.temperatures().forEach(body.putArray("temperatures")::add);
        if (!o.models().isEmpty()) {
            ArrayNode models = body.putArray("models");
            for (String m : o.models()) {
                int eq = m.indexOf('=');
                ObjectNode model = models.addObject().put("name", eq < 0 ? m : m.substring(0, eq));
                if (eq >= 0) model.put("baseUrl", m.substring(eq + 1));
            }
        }
        if (o.ratePerSecond() != null) body.put("ratePerSecond", o.ratePerSecond());
        return body;
    }

    /** One progress line from a study status, e.g. {@code 40/300 answers (0 failed), cell 1/2 (m / qasc / T=0.2), 3.1/s, ETA 1m05s}. */
    static String progress(JsonNode s) {
        int cells = s.path("cellsDone").asInt();
        int cellsTotal = s.path("cellsTotal").asInt();
        String cell = s.path("currentCell").isTextual() ? " (" + s.path("currentCell").asText() + ")" : "";
        return String.format("%d/%d answers (%d failed), cell %d/%d%s, %.1f/s, ETA %s", s.path("answersDone").asLong(),
                s.path("answersTotal").asLong(), s.path("answersFailed").asLong(), cells < cellsTotal ? cells + 1 : cells, cellsTotal,
                cell, s.path("ratePerSecond").asDouble(), hms(s.path("etaSeconds").asLong(-1)));
    }

    /** 65 as 1m05s, 9 as 9s, a negative (unknown) as ?. */
    static String hms(long seconds) {
        if (seconds < 0) return "?";
        return seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }

    static void run(List<String> args, String answerUrl, PrintStream out) throws IOException, InterruptedException {
        ObjectNode request = request(parse(args), Path.of("").toAbsolutePath());
        Http.Reply created;
        try {
            created = Http.postJson(answerUrl + "/api/studies", request);
        } catch (IOException e) {
            throw new Main.Failure("bench: the answer-service is not reachable at " + answerUrl + " (start ./cpa demo, or set CPA_ANSWER_URL)");
        }
        if (created.status() != 201) throw new Main.Failure("bench: study refused (" + created.status() + "): " + created.error());
        JsonNode status = created.json();
        String id = status.path("id").asText();
        Main.say("study " + id + ": " + status.path("cellsTotal").asInt() + " cells, " + status.path("answersTotal").asLong() + " answers");
        while (true) {
            Http.Reply r;
            try {
                r = Http.get(answerUrl + "/api/studies/" + id);
            } catch (IOException e) {
                throw new Main.Failure("bench: lost the answer-service at " + answerUrl);
            }
            if (r.status() != 200) throw new Main.Failure("bench: lost the study at " + answerUrl + " (" + r.status() + " " + r.error() + ")");
            status = r.json();
            out.print("\r\033[K" + progress(status));
            out.flush();
            if (!"running".equals(status.path("state").asText())) break;
            Thread.sleep(1000);
        }
        out.println();
        String state = status.path("state").asText();
        if (!"finished".equals(state)) throw new Main.Failure("study " + id + " " + state + ": " + status.path("error").asText(""));
        Main.say("study " + id + " finished: " + status.path("answersDone").asLong() + " answers in " + status.path("cellsTotal").asInt() + " cells");
        Main.say("certainties arrive a few seconds after their answers; the report includes what has arrived when it is asked for");
        Main.say("report:  ./cpa report " + id + " --out reports/");
    }

    private static List<String> commaList(String v) {
        return List.of(v.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static long whole(String option, String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new Main.Failure("bench: " + option + " takes a whole number, got " + v);
        }
    }

    private static double decimal(String option, String v) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new Main.Failure("bench: " + option + " takes a number, got " + v);
        }
    }
}
