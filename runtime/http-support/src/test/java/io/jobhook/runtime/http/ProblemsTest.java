package io.jobhook.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void aDocumentHasTheFourMembersInOrder() {
        assertThat(Problems.document("body-too-large", "Body too large", 413, "at most 1024 bytes"))
                .hasToString("{\"type\":\"urn:jobhook:problem:body-too-large\",\"title\":\"Body too large\","
                        + "\"status\":413,\"detail\":\"at most 1024 bytes\"}");
    }
}
