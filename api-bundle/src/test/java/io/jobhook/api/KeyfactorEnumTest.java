package io.jobhook.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.jobhook.api.command.JobHistoryStatus;

class KeyfactorEnumTest {

    @ParameterizedTest
    @CsvSource({
        "Unknown, 0, UNKNOWN", "InProcess, 1, IN_PROCESS", "Success, 2, SUCCESS",
        "Warning, 3, WARNING", "Failure, 4, FAILURE"})
    void jobResultParsesEveryNameInAnyCaseAndEveryNumber(String name, int code, JobResult expected) {
        assertThat(JobResult.parse(name)).isEqualTo(expected);
        assertThat(JobResult.parse(name.toUpperCase())).isEqualTo(expected);
        assertThat(JobResult.parse(name.toLowerCase())).isEqualTo(expected);
        assertThat(JobResult.parse(" " + name + " ")).isEqualTo(expected);
        assertThat(JobResult.parse(expected.name())).isEqualTo(expected);
        assertThat(JobResult.parse(Integer.toString(code))).isEqualTo(expected);
        assertThat(JobResult.fromCode(code)).isEqualTo(expected);
        assertThat(expected.code()).isEqualTo(code);
        assertThat(expected.keyfactorName()).isEqualTo(name);
        assertThat(expected).hasToString(name);
    }

    @ParameterizedTest
    @CsvSource({
        "Unknown, 0, UNKNOWN", "Inventory, 1, INVENTORY", "Add, 2, ADD", "Remove, 3, REMOVE",
        "Create, 4, CREATE", "CreateAdd, 5, CREATE_ADD", "Reenrollment, 6, REENROLLMENT",
        "Discovery, 7, DISCOVERY", "SetPassword, 8, SET_PASSWORD", "FetchLogs, 9, FETCH_LOGS"})
    void operationTypeParsesEveryNameInAnyCaseAndEveryNumber(String name, int code, OperationType expected) {
        assertThat(OperationType.parse(name)).isEqualTo(expected);
        assertThat(OperationType.parse(name.toUpperCase())).isEqualTo(expected);
        assertThat(OperationType.parse(name.toLowerCase())).isEqualTo(expected);
        assertThat(OperationType.parse(expected.name())).isEqualTo(expected);
        assertThat(OperationType.parse(Integer.toString(code))).isEqualTo(expected);
        assertThat(OperationType.fromCode(code)).isEqualTo(expected);
        assertThat(expected.code()).isEqualTo(code);
        assertThat(expected).hasToString(name);
    }

    @ParameterizedTest
    @CsvSource({
        "Unknown, 0", "Waiting, 1", "InProcess, 2", "Completed, 3", "Acknowledged, 4", "CompletedWillRetry, 5"})
    void jobHistoryStatusParsesNamesAndNumbers(String name, int code) {
        JobHistoryStatus byName = JobHistoryStatus.parse(name);
        assertThat(byName.code()).isEqualTo(code);
        assertThat(JobHistoryStatus.parse(Integer.toString(code))).isSameAs(byName);
    }

    @Test
    void jobHistoryStatusKnowsWhichRowsAreFinished() {
        assertThat(JobHistoryStatus.values()).filteredOn(JobHistoryStatus::isFinished).containsExactly(
                JobHistoryStatus.COMPLETED, JobHistoryStatus.ACKNOWLEDGED, JobHistoryStatus.COMPLETED_WILL_RETRY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sucess", "5", "-1", "2.0", "Success!", "In Process", "99999999999"})
    void jobResultRejectsAnythingElseNamingTheValueAndTheAllowedOnes(String value) {
        assertThatThrownBy(() -> JobResult.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JobResult")
                .hasMessageContaining(value.trim())
                .hasMessageContaining("Unknown (0), InProcess (1), Success (2), Warning (3), Failure (4)");
    }

    @Test
    void operationTypeRejectsAnUnknownNumberNamingIt() {
        assertThatThrownBy(() -> OperationType.fromCode(10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OperationType 10 is not one of: Unknown (0), Inventory (1), Add (2), Remove (3), "
                        + "Create (4), CreateAdd (5), Reenrollment (6), Discovery (7), SetPassword (8), FetchLogs (9)");
    }

    @Test
    void missingValuesAreRejectedClearly() {
        assertThatThrownBy(() -> JobResult.parse(null)).hasMessageStartingWith("JobResult is missing");
        assertThatThrownBy(() -> JobResult.parse("Success\u0000")).hasMessageContaining("'Success?' is not one of");
        assertThatThrownBy(() -> JobResult.parse("\u017Fuccess")).hasMessageContaining("is not one of");
        assertThatThrownBy(() -> JobResult.parse("Un\u212Anown")).hasMessageContaining("is not one of");
        assertThatThrownBy(() -> OperationType.parse("  ")).hasMessageStartingWith("OperationType is missing");
    }
}
