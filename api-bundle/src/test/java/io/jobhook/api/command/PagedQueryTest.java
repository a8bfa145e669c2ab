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

    private static java.util.Map.Entry<String, String> entry(String k, String v) {
        return java.util.Map.entry(k, v);
    }
}
