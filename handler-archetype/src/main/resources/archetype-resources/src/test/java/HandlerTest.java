package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jobhook.api.OperationType;
import io.jobhook.testkit.DeliveryReport;
import io.jobhook.testkit.HandlerRunner;
import io.jobhook.testkit.LogCapture;
import io.jobhook.testkit.SampleCompletions;

/**
 * The handler run as the Jobhook runtime runs it, against a simulated Command: built from its configuration as
 * Declarative Services builds it, given Keyfactor's sample completions (WinCert jobs, which the simulated Command
 * knows), and its trace read as the one logging line for {@code ${package}} shows it.
 */
class HandlerTest {

    private static final String ORCHESTRATOR =
            "[" + SampleCompletions.AGENT + "/" + SampleCompletions.CLIENT_MACHINE + "]";

    @Test
    void anInventoryIsTracedAndReadsTheJobsHistoryFromCommand() {
        try (HandlerRunner runner = HandlerRunner.of(Handler.class, Map.of("storeTypes", "WinCert"));
                LogCapture log = LogCapture.of("${package}")) {
            DeliveryReport report = runner.deliver(SampleCompletions.inventory());

            assertThat(report.delivered()).isTrue();
            assertThat(log.messages("TRACE")).contains(
                    "Entering Job Completion Handler for orchestrator " + ORCHESTRATOR
                            + " and JobType 'WinCertInventory'",
                    "Dispatching job completion handler for an Inventory job " + SampleCompletions.INVENTORY_JOB,
                    "Exiting Job Completion Handler for orchestrator " + ORCHESTRATOR
                            + " and JobType 'WinCertInventory' with status: True");
            assertThat(log.messages("TRACE")).anyMatch(m -> m.startsWith("Results of JobHistory API: "));
            // The call went to Command, through the client the runtime put into the context.
            assertThat(runner.command().requests()).anySatisfy(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.path()).endsWith("/OrchestratorJobs/JobHistory");
            });
        }
    }

    @Test
    void aManagementJobIsTracedPerOperation() {
        try (HandlerRunner runner = HandlerRunner.of(Handler.class, Map.of("storeTypes", "WinCert"));
                LogCapture log = LogCapture.of("${package}")) {
            assertThat(runner.deliver(SampleCompletions.managementAdd()).delivered()).isTrue();
            assertThat(runner.deliver(SampleCompletions.managementAdd().operationType(OperationType.REMOVE))
                    .delivered()).isTrue();

            assertThat(log.messages("TRACE")).contains("Management job process for an Add operation",
                    "Management job process for a Remove operation");
        }
    }

    @Test
    void aReenrollmentIsTraced() {
        try (HandlerRunner runner = HandlerRunner.of(Handler.class, Map.of("storeTypes", "WinCert"));
                LogCapture log = LogCapture.of("${package}")) {
            assertThat(runner.deliver(SampleCompletions.reenrollment()).delivered()).isTrue();

            assertThat(log.messages("TRACE")).contains("Custom logic for Reenrollment completion handler here",
                    "Exiting Job Completion Handler for orchestrator " + ORCHESTRATOR
                            + " and JobType 'WinCertReenrollment' with status: True");
        }
    }

    @Test
    void aConfigurationWithoutJobTypesOrStoreTypesIsRefused() {
        try (LogCapture log = LogCapture.of("${package}")) {
            assertThatThrownBy(() -> HandlerRunner.of(Handler.class, Map.of("favoriteAnimal", "Otter")))
                    .hasMessageContaining("neither 'jobTypes' nor 'storeTypes' is set");
            assertThat(log.messages("ERROR")).singleElement().asString()
                    .contains("neither 'jobTypes' nor 'storeTypes'");
        }
    }
}
