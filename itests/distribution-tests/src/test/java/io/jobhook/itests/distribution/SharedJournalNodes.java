package io.jobhook.itests.distribution;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.jobhook.testsupport.PostgresCluster;

/** Packaged runtimes on one PostgreSQL journal, for the drills of several runtimes. */
final class SharedJournalNodes {

    /** Short, so that a runtime's deliveries are taken over within seconds (the default is 30). */
    static final int LEASE_SECONDS = 3;

    private final PostgresCluster database;
    private final String password = "pw-" + UUID.randomUUID();

    /** The database's login role gets a password of its own, which every runtime checks it never leaks. */
    SharedJournalNodes(PostgresCluster database) {
        this.database = database;
        database.psql("postgres", "ALTER ROLE " + database.username() + " PASSWORD '" + password + "'");
    }

    /** A fresh installation, not in demo mode, whose journal is the shared one, as {@code node-<name>}. */
    RunningJobhook node(String name) throws IOException {
        RunningJobhook node = RunningJobhook.prepare("cluster-" + name).withoutDemo();
        node.config("io.jobhook.journal.cfg", "store = postgresql\nurl = " + database.jdbcUrl() + "\nusername = "
                + database.username() + "\n.password = " + node.secret(password) + "\nleaseSeconds = " + LEASE_SECONDS
                + "\nnodeId = node-" + name + "\npoolSize = 4\n");
        return node;
    }

    /** Where a runtime's recording handler (or the slow one) writes what it handled. */
    static Path recording(RunningJobhook node) {
        return node.home.resolve("delivered.txt");
    }

    /** @return each event id the runtimes' handlers recorded, and how many times, over all of them */
    static Map<String, Long> delivered(RunningJobhook... nodes) {
        return Stream.of(nodes).flatMap(n -> RunningJobhook.lines(recording(n)).stream()).map(l -> l.split(" ")[0])
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
