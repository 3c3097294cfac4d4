package io.cpa.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcStatsTest {
    @Test
    void cpuSecondsAreUserPlusSystemTicksEvenWhenTheCommandNameHoldsSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 130 0 0 20 0 30 0 1000 100000 2000";
        assertThat(ProcStats.parseCpuSeconds(stat)).isCloseTo(3.8, within(1e-9));
    }

    @Test
    void compilerThreadsAreKnownByTheirTruncatedNames() {
        assertThat(ProcStats.isCompilerThread(ProcStats.threadName("17 (C2 CompilerThre) S 1 2 3"))).isTrue();
        assertThat(ProcStats.isCompilerThread(ProcStats.threadName("18 (C1 CompilerThre) S 1 2 3"))).isTrue();
        assertThat(ProcStats.isCompilerThread(ProcStats.threadName("19 (GC Thread#0) S 1 2 3"))).isFalse();
        assertThat(ProcStats.isCompilerThread(ProcStats.threadName("20 (vert.x-eventloo) S 1 2 3"))).isFalse();
    }

    @Test
    void compilerTimeIsTheCompilerGroups() {
        var groups = java.util.Map.of("CN CompilerThre", 2.5, "GC Thread#N", 1.0, "vert.x-eventloo", 3.0);
        assertThat(ProcStats.compilerSeconds(groups)).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void threadGroupsAddUpThePoolsThreads() {
        var start = java.util.Map.of(1L, new ProcStats.ThreadCpu("GC Thread#0", 1.0), 2L, new ProcStats.ThreadCpu("GC Thread#1", 2.0),
                3L, new ProcStats.ThreadCpu("vert.x-eventloo", 5.0), 4L, new ProcStats.ThreadCpu("ended", 9.0));
        // GC Thread#1 ran 0.5 s more, GC Thread#2 was born with 0.25 s; the event loop idled; "ended" is gone
        var end = java.util.Map.of(1L, new ProcStats.ThreadCpu("GC Thread#0", 1.0), 2L, new ProcStats.ThreadCpu("GC Thread#1", 2.5),
                5L, new ProcStats.ThreadCpu("GC Thread#2", 0.25), 3L, new ProcStats.ThreadCpu("vert.x-eventloo", 5.0));
        var groups = ProcStats.byThreadGroup(start, end);
        assertThat(groups).containsOnlyKeys("GC Thread#N", "vert.x-eventloo");
        assertThat(groups.get("GC Thread#N")).isCloseTo(0.75, within(1e-9));
        assertThat(groups.get("vert.x-eventloo")).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void thisJvmHasCompilerThreads() {
        // HotSpot keeps at least one compiler thread of each kind while tiered compilation is on
        assertThat(ProcStats.threadCpuSeconds(ProcessHandle.current().pid()).values()).anyMatch(t -> ProcStats.isCompilerThread(t.name()));
    }

    @Test
    void statusFieldsAreReadInKb() {
        List<String> status = List.of("Name:\tjava", "VmHWM:\t  524288 kB", "VmRSS:\t  262144 kB");
        assertThat(ProcStats.parseStatusKb(status, "VmRSS:")).hasValue(262144);
        assertThat(ProcStats.parseStatusKb(status, "VmHWM:")).hasValue(524288);
        assertThat(ProcStats.parseStatusKb(status, "VmSwap:")).isEmpty();
    }

    @Test
    void thisProcessIsMeasured() throws Exception {
        long me = ProcessHandle.current().pid();
        assertThat(ProcStats.cpuSeconds(me)).isPositive();
        long resident = ProcStats.residentKb(me).getAsLong();
        assertThat(resident).isPositive();
        // the peak is read after the resident size: the peak only grows, while a second RSS read could have grown past it
        assertThat(ProcStats.peakResidentKb(me).getAsLong()).isGreaterThanOrEqualTo(resident);
    }
}
