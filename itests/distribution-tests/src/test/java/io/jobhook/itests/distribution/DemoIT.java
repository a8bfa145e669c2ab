package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The README's first command: the demo shows the sample handler's trace for all three job kinds. */
class DemoIT {

    @Test
    void theDemoShowsTheWinCertTraceForInventoryManagementAndReenrollment() throws Exception {
        try (RunningJobhook jobhook = RunningJobhook.prepare("demo").start()) {
            RunningJobhook.await("the trace of all three job kinds", Duration.ofSeconds(60), () -> {
                String console = jobhook.console();
                return console.contains("Results of JobHistory API: [")
                        && console.contains("Management job process for an Add operation")
                        && console.contains("Management job process for a Remove operation")
                        && console.contains("Custom logic for Reenrollment completion handler here");
            });
            String console = jobhook.console();
            assertThat(console)
                    .contains("Jobhook demo mode")
                    .contains("no console, as standard input is not a terminal")
                    .contains("Entering Job Completion Handler for orchestrator "
                            + "[fa406103-d84a-43ea-8bfd-99bc1f064281/orchestrator.kftrain.lab] and JobType 'WinCertInventory'")
                    .contains("This handler's favorite animal is: Tiger")
                    .contains("Dispatching job completion handler for an Inventory job 0b4b411a-4b26-4492-a575-a10adb43a08a")
                    .contains("Querying Command API with: OrchestratorJobs/JobHistory?pq.queryString="
                            + "JobID%20-eq%20%220b4b411a-4b26-4492-a575-a10adb43a08a%22")
                    .contains("Dispatching job completion handler for the re-enrollment job")
                    .contains("and JobType 'WinCertManagement' with status: True")
                    .doesNotContain("[ERROR]");
            assertThat(console.split("Store type WinCert resolved: ", -1)).as("the store type's resolution, logged once")
                    .hasSize(2);
            assertThat(console.lines().filter(l -> l.contains("This handler's favorite animal is: Tiger")).findFirst())
                    .as("a line carries the symbolic name and version of the bundle that wrote it").hasValueSatisfying(
                            l -> assertThat(l).containsPattern(" io\\.jobhook\\.wincert/\\d+\\.\\d+\\.\\d+\\S* "));
            assertThat(jobhook.home.resolve("data/tmp/fileinstall-etc")).as("FileInstall's temporary folder").isDirectory();
            jobhook.stop();
            assertThat(jobhook.alive()).as("stopped cleanly on SIGTERM").isFalse();
            assertThat(jobhook.home.resolve("data/tmp")).as("temporary files, removed at a clean stop").doesNotExist();
        }
    }

    /**
     * The README's commands in order: the demo, run in the working installation the first command builds (here a
     * copy of it), writes its configuration and journal there; the installation every test starts from is the
     * build's archive, exactly, with none of that.
     */
    @Test
    void aDemoRunInTheWorkingInstallationReachesNoTest() throws Exception {
        RunningJobhook person = RunningJobhook.copyOfInstallation("working-installation");
        if (!Files.exists(person.home.resolve("etc/io.jobhook.command.cfg"))) {
            // Nobody has run the demo in the working installation yet (a build without the first command's
            // second half): run it in the copy. Where the person has, its state came with the copy.
            try (person) {
                person.start();
                RunningJobhook.await("the demo's inventory trace", Duration.ofSeconds(60),
                        () -> person.console().contains("Results of JobHistory API: ["));
                person.stop();
            }
        }
        Set<String> planted = Set.of("etc/io.jobhook.command.cfg", "etc/io.jobhook.simulator.cfg",
                "etc/io.jobhook.wincert-demo.cfg", "data/journal.mv.db");
        assertThat(files(person.home)).as("the demo's state in the working installation").containsAll(planted);

        RunningJobhook fresh = RunningJobhook.prepare("fresh");
        Path archive = Path.of(System.getProperty("jobhook.distribution.archive"));
        Set<String> archived = RunningJobhook.run(List.of("tar", "-tzf", archive.toString())).lines()
                .filter(l -> !l.endsWith("/")).map(l -> l.substring(l.indexOf('/') + 1))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(files(fresh.home)).as("a test's installation: the archive's files and nothing else")
                .isEqualTo(archived).doesNotContainAnyElementsOf(planted);
    }

    private static Set<String> files(Path home) {
        try (Stream<Path> all = Files.walk(home)) {
            return all.filter(Files::isRegularFile).map(f -> home.relativize(f).toString())
                    .filter(f -> !f.equals("console.log"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
