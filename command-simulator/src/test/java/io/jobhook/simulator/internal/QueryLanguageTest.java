package io.jobhook.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.jobhook.api.JobResult;
import io.jobhook.api.command.JobHistoryStatus;
import io.jobhook.api.command.Query;
import io.jobhook.simulator.HistoryRow;
import io.jobhook.simulator.SimHistoryStatus;
import io.jobhook.simulator.SimJobResult;
import io.jobhook.simulator.SimSchedule;
import io.jobhook.testsupport.MutableClock;

class QueryLanguageTest {

    private static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");
    private static final UUID JOB = UUID.fromString("0b4b411a-4b26-4492-a575-a10adb43a08a");
    private final MutableClock clock = new MutableClock(NOW);

    private static HistoryRow row(long id, String message, SimJobResult result, SimHistoryStatus status, Instant start,
            Instant end) {
        return new HistoryRow(id, "orchestrator.kftrain.lab", JOB, SimSchedule.interval(1), "WinCertInventory", start,
                end, message, result, status, "My", "iistarget.kftrain.lab", null, UUID.randomUUID(), UUID.randomUUID(), 0);
    }

    private final HistoryRow ok = row(1, "", SimJobResult.SUCCESS, SimHistoryStatus.COMPLETED,
            NOW.minusSeconds(3600), NOW.minusSeconds(3590));
    private final HistoryRow failed = row(2, "Access is \"denied\" at C:\\certs", SimJobResult.FAILURE,
            SimHistoryStatus.COMPLETED_WILL_RETRY, Instant.parse("2024-02-28T08:00:00Z"),
            Instant.parse("2024-02-28T08:00:05Z"));
    private final HistoryRow running = row(3, null, SimJobResult.UNKNOWN, SimHistoryStatus.IN_PROCESS, NOW, null);
    private final List<HistoryRow> rows = List.of(ok, failed, running);

    private List<Long> select(String query) {
        Predicate<HistoryRow> p = QueryLanguage.compile(query, ApiRoutes.HISTORY_FIELDS, clock);
        return rows.stream().filter(p).map(HistoryRow::jobHistoryId).toList();
    }

    @Test
    void blankQueryMatchesEverything() {
        assertThat(select(null)).containsExactly(1L, 2L, 3L);
        assertThat(select("  ")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void everyOperatorOnText() {
        assertThat(select("Message -eq \"\"")).containsExactly(1L);
        assertThat(select("Message -ne \"\"")).containsExactly(2L, 3L);
        assertThat(select("Message -contains \"DENIED\"")).containsExactly(2L);
        assertThat(select("Message -notcontains \"denied\"")).containsExactly(1L, 3L);
        assertThat(select("Message -startswith \"access\"")).containsExactly(2L);
        assertThat(select("Message -endswith \"certs\"")).containsExactly(2L);
        assertThat(select("JobType -lt \"WinCertZ\"")).containsExactly(1L, 2L, 3L);
        assertThat(select("JobType -gt \"WinCertZ\"")).isEmpty();
        assertThat(select("JobType -le \"wincertinventory\"")).containsExactly(1L, 2L, 3L);
        assertThat(select("JobType -ge \"WinCertInventorz\"")).isEmpty();
    }

    @Test
    void numbersCompareByValue() {
        assertThat(select("JobHistoryId -gt \"1\"")).containsExactly(2L, 3L);
        assertThat(select("JobHistoryId -le 2")).containsExactly(1L, 2L);
        assertThat(select("JobHistoryId -ne \"2\"")).containsExactly(1L, 3L);
        assertThat(select("JobHistoryId -ge \"3\" OR JobHistoryId -lt \"2\"")).containsExactly(1L, 3L);
    }

    @Test
    void nullIsABareKeyword() {
        assertThat(select("OperationEnd -eq NULL")).containsExactly(3L);
        assertThat(select("OperationEnd -ne null")).containsExactly(1L, 2L);
        assertThat(select("Message -eq NULL")).containsExactly(3L);
        assertThat(select("Message -eq \"NULL\"")).isEmpty();
        assertThatThrownBy(() -> select("Message -contains NULL")).isInstanceOf(QueryException.class)
                .hasMessageContaining("-contains").hasMessageContaining("NULL");
    }

    @Test
    void andBindsTighterThanOrAndParenthesesGroup() {
        assertThat(select("JobHistoryId -eq 1 OR JobHistoryId -eq 2 AND Result -eq \"2\"")).containsExactly(1L);
        assertThat(select("(JobHistoryId -eq 1 OR JobHistoryId -eq 2) AND Result -eq \"4\"")).containsExactly(2L);
        assertThat(select("((JobHistoryId -eq 3)) and status -eq \"InProcess\"")).containsExactly(3L);
    }

    @Test
    void fieldNamesIgnoreCase() {
        assertThat(select("JobID -eq \"" + JOB + "\"")).containsExactly(1L, 2L, 3L);
        assertThat(select("jobid -eq \"{" + JOB.toString().toUpperCase() + "}\"")).containsExactly(1L, 2L, 3L);
        assertThat(select("JOBHISTORYID -EQ \"2\"")).containsExactly(2L);
    }

    @Test
    void enumsCompareByNumberOrName() {
        assertThat(select("Status -eq \"5\"")).containsExactly(2L);
        assertThat(select("Status -eq \"CompletedWillRetry\"")).containsExactly(2L);
        assertThat(select("Result -eq \"failure\"")).containsExactly(2L);
        assertThat(select("Status -lt \"3\"")).containsExactly(3L);
        assertThatThrownBy(() -> select("Status -eq \"Sleeping\"")).isInstanceOf(QueryException.class)
                .hasMessageContaining("Sleeping").hasMessageContaining("Completed");
    }

    @Test
    void quotedValuesUnescapeBackslashes() {
        assertThat(select("Message -eq \"Access is \\\"denied\\\" at C:\\\\certs\"")).containsExactly(2L);
        assertThat(select("Message -contains \"\\\"denied\\\"\"")).containsExactly(2L);
    }

    @Test
    void todayTokensStandForWholeDays() {
        assertThat(select("OperationStart -eq \"%TODAY%\"")).containsExactly(1L, 3L);
        assertThat(select("OperationStart -lt \"%TODAY%\"")).containsExactly(2L);
        assertThat(select("OperationStart -ge \"%TODAY-2%\"")).containsExactly(1L, 2L, 3L);
        assertThat(select("OperationStart -gt \"%today-2%\"")).containsExactly(1L, 3L);
        assertThat(select("OperationStart -ge \"%TODAY+1%\"")).isEmpty();
        assertThat(select("OperationStart -eq \"2024-02-28\"")).containsExactly(2L);
        assertThat(select("OperationStart -eq \"2024-02-28T08:00:00\"")).containsExactly(2L);
        assertThat(select("OperationStart -lt \"2024-02-28T09:00:00Z\"")).containsExactly(2L);
    }

    @Test
    void queryOnlyFieldsWork() {
        assertThat(select("Agent -eq \"ORCHESTRATOR.kftrain.lab\" AND ScheduleType -eq \"I_1\"")).containsExactly(1L,
                2L, 3L);
    }

    @Test
    void invalidQueriesNameTheProblem() {
        assertThatThrownBy(() -> select("Colour -eq \"red\"")).isInstanceOf(QueryException.class)
                .hasMessageContaining("unknown field 'Colour'");
        assertThatThrownBy(() -> select("JobId -like \"x\"")).hasMessageContaining("operator");
        assertThatThrownBy(() -> select("JobId -eq")).hasMessageContaining("value");
        assertThatThrownBy(() -> select("JobId -eq \"x")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> select("(JobHistoryId -eq 1")).hasMessageContaining("')'");
        assertThatThrownBy(() -> select("JobHistoryId -eq 1 JobHistoryId -eq 2")).hasMessageContaining("unexpected");
        assertThatThrownBy(() -> select("JobHistoryId -eq \"abc\"")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> select("JobId -eq \"not-a-guid\"")).hasMessageContaining("not a GUID");
        assertThatThrownBy(() -> select("JobHistoryId -contains \"1\"")).hasMessageContaining("-contains");
        assertThatThrownBy(() -> select("OperationStart -eq \"yesterday\"")).hasMessageContaining("yesterday");
        assertThatThrownBy(() -> select("JobHistoryId -eq 1 AND")).hasMessageContaining("ends");
    }

    @Test
    void parsesEveryRenderingOfTheApiQueryBuilder() {
        List<Query> queries = List.of(
                Query.field("JobId").eq(JOB),
                Query.field("JobID").eq(JOB.toString()),
                Query.field("Status").eq(JobHistoryStatus.COMPLETED_WILL_RETRY),
                Query.field("Result").ne(JobResult.SUCCESS),
                Query.field("Message").contains("Access is \"denied\" at C:\\certs"),
                Query.field("Message").notContains("\\"),
                Query.field("Message").startsWith("Access"),
                Query.field("Message").endsWith("certs"),
                Query.field("JobHistoryId").lt(3).or(Query.field("JobHistoryId").le(1L)),
                Query.field("JobHistoryId").gt(1).and(Query.field("JobHistoryId").ge(2)),
                Query.field("OperationEnd").isNull(),
                Query.field("OperationEnd").isNotNull(),
                Query.field("OperationStart").ge("%TODAY-7%"),
                Query.field("OperationStart").lt(Instant.parse("2024-02-29T00:00:00Z")),
                Query.field("OperationStart").ge(LocalDateTime.parse("2024-02-28T08:00:00")),
                Query.field("OperationStart").eq(LocalDate.parse("2024-02-28")),
                Query.field("JobId").eq(JOB).and(Query.field("Status").eq(JobHistoryStatus.COMPLETED)
                        .or(Query.field("Status").eq(JobHistoryStatus.COMPLETED_WILL_RETRY))),
                Query.raw("Status -eq \"3\" OR Status -eq \"5\"").and(Query.field("JobType").eq("WinCertInventory")));
        for (Query q : queries) {
            assertThat(QueryLanguage.compile(q.render(), ApiRoutes.HISTORY_FIELDS, clock)).as(q.render()).isNotNull();
        }
        assertThat(select(Query.field("Message").contains("Access is \"denied\" at C:\\certs").render()))
                .containsExactly(2L);
        assertThat(select(queries.get(16).render())).containsExactly(1L, 2L);
        assertThat(select(Query.field("OperationEnd").isNull().render())).containsExactly(3L);
        assertThat(select(Query.field("Status").eq(JobHistoryStatus.COMPLETED_WILL_RETRY).render()))
                .containsExactly(2L);
    }
}
