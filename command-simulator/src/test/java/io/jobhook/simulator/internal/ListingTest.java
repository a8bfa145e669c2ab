package io.jobhook.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jobhook.simulator.HistoryRow;
import io.jobhook.simulator.SimHistoryStatus;
import io.jobhook.simulator.SimJobResult;
import io.jobhook.testsupport.MutableClock;

class ListingTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T10:00:00Z"));
    private final List<HistoryRow> rows = new ArrayList<>();

    ListingTest() {
        for (int i = 1; i <= 7; i++) {
            rows.add(new HistoryRow(i, "orch" + (i % 3), UUID.randomUUID(), null, "WinCertInventory",
                    Instant.parse("2024-03-01T00:00:00Z").plusSeconds(60L * (10 - i)), null, "m" + i,
                    i % 2 == 0 ? SimJobResult.FAILURE : SimJobResult.SUCCESS, SimHistoryStatus.COMPLETED, "My",
                    "host", null, UUID.randomUUID(), UUID.randomUUID(), 0));
        }
    }

    private List<Long> page(Map<String, List<String>> params, String prefix) {
        return Listing.from(params, prefix).apply(rows, ApiRoutes.HISTORY_FIELDS, clock).stream()
                .map(HistoryRow::jobHistoryId).toList();
    }

    @Test
    void defaultsToTheFirstFiftyInTheEndpointsOrder() {
        Listing l = Listing.from(Map.of(), "pq.");
        assertThat(l.pageReturned()).isEqualTo(1);
        assertThat(l.returnLimit()).isEqualTo(50);
        assertThat(page(Map.of(), "pq.")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void pagesCountFromOneAndEndWithAShortPage() {
        assertThat(page(Map.of("ReturnLimit", List.of("3")), "pq.")).containsExactly(1L, 2L, 3L);
        assertThat(page(Map.of("ReturnLimit", List.of("3"), "PageReturned", List.of("3")), "pq.")).containsExactly(7L);
        assertThat(page(Map.of("ReturnLimit", List.of("3"), "PageReturned", List.of("4")), "pq.")).isEmpty();
    }

    @Test
    void parametersWorkWithAndWithoutThePrefixInAnyCase() {
        assertThat(page(Map.of("pq.returnLimit", List.of("2"), "PQ.PAGERETURNED", List.of("2")), "pq."))
                .containsExactly(3L, 4L);
        assertThat(page(Map.of("cstquery.queryString", List.of("JobHistoryId -eq 5")), "cstquery.")).containsExactly(5L);
        assertThat(page(Map.of("returnlimit", List.of("9"), "pq.ReturnLimit", List.of("1")), "pq.")).containsExactly(1L);
        assertThat(page(Map.of("QUERYSTRING", List.of("Result -eq \"Failure\"")), "pq.")).containsExactly(2L, 4L, 6L);
    }

    @Test
    void sortsByAnyResponseFieldInEitherDirection() {
        assertThat(page(Map.of("SortField", List.of("OperationStart")), "pq.")).containsExactly(7L, 6L, 5L, 4L, 3L,
                2L, 1L);
        assertThat(page(Map.of("SortField", List.of("jobhistoryid"), "SortAscending", List.of("1")), "pq."))
                .containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(page(Map.of("SortField", List.of("AgentMachine"), "ReturnLimit", List.of("3")), "pq."))
                .containsExactly(3L, 6L, 1L);
        assertThat(page(Map.of("SortField", List.of("Result"), "SortAscending", List.of("1"),
                "ReturnLimit", List.of("3")), "pq.")).containsExactly(2L, 4L, 6L);
    }

    @Test
    void invalidParametersAreRefusedNamingThem() {
        assertThatThrownBy(() -> page(Map.of("SortField", List.of("Colour")), "pq."))
                .isInstanceOf(QueryException.class).hasMessage("Invalid sort field: Colour");
        assertThatThrownBy(() -> page(Map.of("SortField", List.of("AgentId")), "pq."))
                .hasMessage("Invalid sort field: AgentId");
        assertThatThrownBy(() -> page(Map.of("PageReturned", List.of("0")), "pq.")).hasMessageContaining("PageReturned");
        assertThatThrownBy(() -> page(Map.of("ReturnLimit", List.of("x")), "pq.")).hasMessageContaining("ReturnLimit");
        assertThatThrownBy(() -> page(Map.of("SortAscending", List.of("2")), "pq.")).hasMessageContaining("SortAscending");
    }
}
