package io.jobhook.runtime.ingress.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jobhook.api.OrchestratorJobCompleteHandlerContext;
import io.jobhook.runtime.spi.Acceptance;
import io.jobhook.runtime.spi.CompletionIntake;
import io.jobhook.runtime.spi.Idempotency;
import io.jobhook.runtime.spi.JournalUnavailableException;

/**
 * A journal in memory with the idempotency semantics of the ingress (runtime/ingress/README.md), able to fail on request.
 */
final class FakeIntake implements CompletionIntake {

    final List<OrchestratorJobCompleteHandlerContext> contexts = new ArrayList<>();
    final List<Idempotency> idempotencies = new ArrayList<>();
    private final Map<String, Idempotency> keys = new HashMap<>();
    private final Map<String, UUID> firstIds = new HashMap<>();
    Duration unavailableFor;
    RuntimeException failure;

    @Override
    public synchronized Acceptance accept(OrchestratorJobCompleteHandlerContext context, Idempotency idempotency)
            throws JournalUnavailableException {
        contexts.add(context);
        idempotencies.add(idempotency);
        if (failure != null) {
            throw failure;
        }
        if (unavailableFor != null) {
            throw new JournalUnavailableException("disk full", unavailableFor, null);
        }
        if (idempotency != null) {
            Idempotency first = keys.get(idempotency.key());
            if (first != null) {
                UUID firstId = firstIds.get(idempotency.key());
                return new Acceptance(firstId, first.requestHash().equals(idempotency.requestHash())
                        ? Acceptance.Status.DUPLICATE : Acceptance.Status.CONFLICT);
            }
            keys.put(idempotency.key(), idempotency);
            firstIds.put(idempotency.key(), context.eventId());
        }
        return new Acceptance(context.eventId(), Acceptance.Status.ACCEPTED);
    }

    synchronized int calls() {
        return contexts.size();
    }
}
