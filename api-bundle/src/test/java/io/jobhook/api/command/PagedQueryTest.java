package io.jobhook.api.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PagedQueryTest {

    @Test
    void rendersCommandsParametersWithSortAscendingAsZeroOrOne() {
        PagedQuery q = PagedQuery.where(Query.field("JobType").eq("WinCertInventory"))
                .sortBy("JobHistoryId", true).limit(100).page(3);
        assertThat(q.parameters()).containsExactly(
                entry("QueryString", "JobType -eq \"WinCertInventory\""),
                entry("PageReturned", "3"),
                entry("ReturnLimit", "100"),
                entry("SortField", "JobHistoryId"),
                entry("SortAscending", "0"));
        assertThat(q.sortBy("OperationStart", false).parameters()).containsEntry("SortAscending", "1");
    }

    @Test
    void defaultsToCommandsFirstPageOfFifty() {
        assertThat(PagedQuery.all().parameters()).containsExactly(entry("PageReturned", "1"), entry("ReturnLimit", "50"));
        assertThat(PagedQuery.all().nextPage().pageReturned()).isEqualTo(2);
    }

    @Test
    void rejectsImpossiblePagesAndSortFields() {
        assertThatThrownBy(() -> PagedQuery.all().page(0)).hasMessage("pageReturned must be 1 or more, was 0");
        assertThatThrownBy(() -> PagedQuery.all().limit(0)).hasMessage("returnLimit must be 1 or more, was 0");
        assertThatThrownBy(() -> PagedQuery.all().sortBy("Id desc", true)).hasMessageContaining("'Id desc'");
    }

    @Test
    void streamsPagesLazilyUntilAShortPage() {
        java.util.List<Integer> asked = new java.util.ArrayList<>();
        java.util.function.Function<PagedQuery, java.util.List<Integer>> fetch = q -> {
            asked.add(q.pageReturned());
            int first = (q.pageReturned() - 1) * q.returnLimit();
            int size = q.pageReturned() < 3 ? q.returnLimit() : 1; // pages 1 and 2 full, page 3 short
            return java.util.stream.IntStream.range(first, first + size).boxed().toList();
        };
        PagedQuery q = PagedQuery.all().limit(2);

        assertThat(q.stream(fetch).limit(3).toList()).containsExactly(0, 1, 2);
        assertThat(asked).containsExactly(1, 2);
        asked.clear();
        assertThat(q.stream(fetch).toList()).containsExactly(0, 1, 2, 3, 4);
        assertThat(asked).containsExactly(1, 2, 3);
    }

    @Test
    void streamOfAnExactlyFullLastPageAsksForOneEmptyPageMore() {
        java.util.List<Integer> asked = new java.util.ArrayList<>();
        assertThat(PagedQuery.all().limit(2).<String>stream(q -> {
            asked.add(q.pageReturned());
            return q.pageReturned() == 1 ? java.util.List.of("a", "b") : java.util.List.of();
        }).toList()).containsExactly("a", "b");
        assertThat(asked).containsExactly(1, 2);
    }

    private static java.util.Map.Entry<String, String> entry(String k, String v) {
        return java.util.Map.entry(k, v);
    }
}
