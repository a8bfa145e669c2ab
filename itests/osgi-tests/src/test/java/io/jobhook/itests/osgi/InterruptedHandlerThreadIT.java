package io.jobhook.itests.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.jobhook.runtime.spi.Delivery;
import io.jobhook.runtime.spi.DeliveryState;

/**
 * A handler that returns with its thread interrupted must not close the journal: the dispatcher clears the
 * flag before it records the attempt, and the journal keeps any caller's interrupt away from H2's file channel.
 *
 * <p>Containment of a subtler fault: a handler that answers {@code true} but leaves its thread's interrupt flag
 * set (as code that catches {@code InterruptedException} and re-asserts it does). The dispatcher records the
 * attempt on that thread; were the flag still set then, the journal's file channel would be closed by the
 * interrupt ({@code ClosedByInterruptException}) and the journal would fail for everyone. The handler's
 * delivery must be DELIVERED, and the ingress and a healthy handler must keep working.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InterruptedHandlerThreadIT extends JobhookTestSupport {

    static final UUID JOB_TYPE = UUID.fromString("3f0d8a3e-0000-4000-8000-000000000090");
    static final String INTERRUPTING = "io.jobhook.test.interrupting";
    static final String INTERRUPTING_ID = INTERRUPTING + "~flagged";
    static final String HEALTHY_ID = RECORDING + "~healthy";
    static final int STREAM = 10;

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration(), jobhookBundles("faulty-handlers"));
    }

    @Test
    public void aHandlerLeavingItsThreadInterruptedHarmsNobody() throws IOException {
        configureIngress();
        configureRecording("healthy", JOB_TYPE);
        configureHandler(INTERRUPTING, "flagged", Map.of("jobTypes", guids(JOB_TYPE)));
        awaitRouted(JOB_TYPE, HEALTHY_ID, INTERRUPTING_ID);

        List<UUID> stream = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < STREAM; i++) {
            HttpResponse<String> r = post(completion(JOB_TYPE, "WinCertInventory", UUID.randomUUID()));
            if (r.statusCode() == 202) {
                stream.add(eventId(r));
            } else {
                refused.add(r.statusCode() + " " + r.body());
            }
        }
        assertThat(refused).as("pushes refused").isEmpty();
        await("every event DELIVERED to both handlers", () -> stream.stream().allMatch(e -> journal.deliveries(e)
                .stream().filter(d -> d.state() == DeliveryState.DELIVERED).map(Delivery::handler)
                .collect(Collectors.toSet()).containsAll(List.of(HEALTHY_ID, INTERRUPTING_ID))));
    }
}
