package io.cpa.bench;

import io.cpa.event.Topics;
import io.cpa.kafka.EmbeddedKafkaBroker;
import io.cpa.simulator.ModelSimulator;
import io.cpa.simulator.SimulatorConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A fresh broker and a simulator for one measurement, in this JVM (the measured service runs as its own process). */
final class Infra implements AutoCloseable {
    final EmbeddedKafkaBroker broker;
    final ModelSimulator simulator;

    Infra(Map<String, String> simulatorSettings) throws IOException {
        Path dir = Files.createTempDirectory("cpa-bench-kafka-");
        broker = EmbeddedKafkaBroker.start(dir, 0);
        broker.createTopics(Topics.ALL, 3);
        java.util.HashMap<String, String> sim = new java.util.HashMap<>(simulatorSettings);
        sim.put("port", "0");
        simulator = ModelSimulator.start(SimulatorConfig.fromValues(sim));
    }

    @Override
    public void close() {
        simulator.close();
        broker.close();
    }
}
