package io.jobhook.runtime.poller.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.command.Agent;
import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.PagedQuery;

/**
 * Orchestrators by name: job history names the orchestrator that ran a job only by its
 * {@code AgentMachine}, which is the {@code ClientMachine} an orchestrator registered with
 * ({@code GET /Agents}). The list is read once and cached; a name not found reads it again, at most once
 * per poll. Used from the poller's thread only.
 */
final class AgentDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(AgentDirectory.class);

    private final CommandApi api;
    private final int pageSize;
    private Map<String, Agent> byMachine = Map.of();
    private boolean loaded;
    private long refreshedInPoll = -1;

    AgentDirectory(CommandApi api, int pageSize) {
        this.api = api;
        this.pageSize = pageSize;
    }

    /**
     * @param agentMachine a job history row's {@code AgentMachine}
     * @param poll the current poll's number
     * @return the orchestrator whose {@code ClientMachine} is that name (ignoring case), or empty
     * @throws io.jobhook.api.command.CommandApiException when Command cannot be read
     */
    Optional<Agent> find(String agentMachine, long poll) {
        if (agentMachine == null || agentMachine.isBlank()) {
            return Optional.empty();
        }
        String key = agentMachine.toLowerCase(Locale.ROOT);
        if (!loaded) {
            refresh(poll);
        }
        Agent agent = byMachine.get(key);
        if (agent == null && refreshedInPoll != poll) {
            LOG.debug("Orchestrator '{}' not known: reading /Agents again", agentMachine);
            refresh(poll);
            agent = byMachine.get(key);
        }
        return Optional.ofNullable(agent);
    }

    private void refresh(long poll) {
        Map<String, Agent> agents = new HashMap<>();
        PagedQuery.all().limit(pageSize).sortBy("AgentId", true).stream(api::agents).forEach(a -> {
            if (a.clientMachine() != null) {
                agents.putIfAbsent(a.clientMachine().toLowerCase(Locale.ROOT), a);
            }
        });
        byMachine = agents;
        loaded = true;
        refreshedInPoll = poll;
        LOG.debug("Read {} orchestrator(s) from Command", agents.size());
    }
}
