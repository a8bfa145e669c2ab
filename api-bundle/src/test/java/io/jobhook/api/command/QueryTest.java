package io.jobhook.api.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jobhook.api.JobResult;

class QueryTest {

    static final UUID JOB = UUID.fromString("0b4b411a-4b26-4492-a575-a10adb43a08a");

    @Test
    void rendersTheSamplesJobHistoryQueryAndItsEncodedForm() {
        Query q = Query.field("JobID").eq(JOB);
        assertThat(q.render()).isEqualTo("JobID -eq \"0b4b411a-4b26-4492-a575-a10adb43a08a\"");
        assertThat(q.percentEncoded()).isEqualTo("JobID%20-eq%20%220b4b411a-4b26-4492-a575-a10adb43a08a%22");
    }

    @Test
    void escapesQuotesAndBackslashesInsideValues() {
        assertThat(Query.field("Message").contains("say \"hi\"").render())
                .isEqualTo("Message -contains \"say \\\"hi\\\"\"");
        assertThat(Query.field("Agent").eq("KFTRAIN\\SVC_Orchestrator").render())
                .isEqualTo("Agent -eq \"KFTRAIN\\\\SVC_Orchestrator\"");
        // a backslash right before a quote stays a backslash and the quote stays inside the value
        assertThat(Query.field("Message").eq("C:\\\"").render())
                .isEqualTo("Message -eq \"C:\\\\\\\"\"");
    }

    @Test
    void quotesEveryValueEnumCodesNumbersAndTimestampsToo() {
        assertThat(Query.field("Result").eq(JobResult.FAILURE).render()).isEqualTo("Result -eq \"4\"");
        assertThat(Query.field("Status").eq(JobHistoryStatus.COMPLETED_WILL_RETRY).render())
                .isEqualTo("Status -eq \"5\"");
        assertThat(Query.field("JobHistoryId").gt(2168L).render()).isEqualTo("JobHistoryId -gt \"2168\"");
        assertThat(Query.field("OperationStart").ge(Instant.parse("2023-05-06T00:27:00Z")).render())
                .isEqualTo("OperationStart -ge \"2023-05-06T00:27\"");
        assertThat(Query.field("NotAfter").le("%TODAY+7%").render()).isEqualTo("NotAfter -le \"%TODAY+7%\"");
        assertThat(Query.field("NotBefore").lt(LocalDate.of(2024, 1, 31)).render())
                .isEqualTo("NotBefore -lt \"2024-01-31\"");
        assertThat(Query.field("LocalStore").eq(true).render()).isEqualTo("LocalStore -eq \"true\"");
    }

    @Test
    void writesEveryOperator() {
        Query.Field f = Query.field("F");
        assertThat(f.ne("v").render()).isEqualTo("F -ne \"v\"");
        assertThat(f.notContains("v").render()).isEqualTo("F -notcontains \"v\"");
        assertThat(f.startsWith("v").render()).isEqualTo("F -startswith \"v\"");
        assertThat(f.endsWith("v").render()).isEqualTo("F -endswith \"v\"");
        assertThat(f.lt(1).render()).isEqualTo("F -lt \"1\"");
        assertThat(f.le(1).render()).isEqualTo("F -le \"1\"");
        assertThat(f.gt(1).render()).isEqualTo("F -gt \"1\"");
        assertThat(f.ge(1).render()).isEqualTo("F -ge \"1\"");
    }

    @Test
    void writesNullAsTheBareKeyword() {
        assertThat(Query.field("OperationEnd").isNull().render()).isEqualTo("OperationEnd -eq NULL");
        assertThat(Query.field("OperationEnd").isNotNull().render()).isEqualTo("OperationEnd -ne NULL");
        // the word NULL as a value is text, not the keyword
        assertThat(Query.field("Message").eq("NULL").render()).isEqualTo("Message -eq \"NULL\"");
    }

    @Test
    void groupsMixedJunctionsAndFlattensSameOnes() {
        Query completed = Query.field("Status").eq(JobHistoryStatus.COMPLETED);
        Query retrying = Query.field("Status").eq(JobHistoryStatus.COMPLETED_WILL_RETRY);
        Query job = Query.field("JobId").eq(JOB);

        assertThat(job.and(completed.or(retrying)).render()).isEqualTo(
                "JobId -eq \"0b4b411a-4b26-4492-a575-a10adb43a08a\" AND (Status -eq \"3\" OR Status -eq \"5\")");
        assertThat(job.and(completed).or(retrying).render()).isEqualTo(
                "(JobId -eq \"0b4b411a-4b26-4492-a575-a10adb43a08a\" AND Status -eq \"3\") OR Status -eq \"5\"");
        assertThat(Query.all(job, Query.all(completed, retrying)).render()).isEqualTo(
                "JobId -eq \"0b4b411a-4b26-4492-a575-a10adb43a08a\" AND Status -eq \"3\" AND Status -eq \"5\"");
        assertThat(Query.any(completed).render()).isEqualTo("Status -eq \"3\"");
    }

    @Test
    void rawQueriesStandAloneAndAreParenthesizedWhenCombined() {
        Query raw = Query.raw(" Result -eq \"4\" OR Result -eq \"3\" ");
        assertThat(raw.render()).isEqualTo("Result -eq \"4\" OR Result -eq \"3\"");
        assertThat(raw.and(Query.field("JobType").eq("WinCertInventory")).render())
                .isEqualTo("(Result -eq \"4\" OR Result -eq \"3\") AND JobType -eq \"WinCertInventory\"");
        assertThatThrownBy(() -> Query.raw(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadFieldNamesAndValues() {
        assertThatThrownBy(() -> Query.field("Job Id")).hasMessageContaining("'Job Id'");
        assertThatThrownBy(() -> Query.field("x\" OR 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Query.field("Message").eq(null)).hasMessageContaining("isNull()");
        assertThatThrownBy(() -> Query.field("Message").eq(new Object()))
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void queriesAreValuesByTheirText() {
        assertThat(Query.field("A").eq(1)).isEqualTo(Query.field("A").eq("1")).hasToString("A -eq \"1\"");
    }
}
