package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

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
                    .contains("Entering Job Completion Handler for orchestrator "
                            + "[fa406103-d84a-43ea-8bfd-99bc1f064281/orchestrator.kftrain.lab] and JobType 'WinCertInventory'")
                    .contains("This handler's favorite animal is: Tiger")
                    .contains("Dispatching job completion handler for an Inventory job 0b4b411a-4b26-4492-a575-a10adb43a08a")
                    .contains("Querying Command API with: OrchestratorJobs/JobHistory?pq.queryString="
                            + "JobID%20-eq%20%220b4b411a-4b26-4492-a575-a10adb43a08a%22")
                    .contains("Dispatching job completion handler for the re-enrollment job")
                    .contains("and JobType 'WinCertManagement' with status: True")
                    .doesNotContain("[ERROR]");
            jobhook.stop();
            assertThat(jobhook.alive()).as("stopped cleanly on SIGTERM").isFalse();
        }
    }
}
