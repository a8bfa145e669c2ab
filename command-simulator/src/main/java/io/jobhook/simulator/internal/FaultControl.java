package io.jobhook.simulator.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults in force, changed at run time ({@link #set}, {@link #clear}) and consumed by requests to the
 * Command API paths. Thread-safe; rates draw from a {@link Random} seeded with the instance's seed.
 */
public final class FaultControl {

    private static final Logger LOG = LoggerFactory.getLogger(FaultControl.class);

    private final Random random;
    private FaultSpec spec = FaultSpec.NONE;
    private final Map<FaultSpec.Kind, Integer> remaining = new EnumMap<>(FaultSpec.Kind.class);
    private final Map<FaultSpec.Kind, Long> injected = new EnumMap<>(FaultSpec.Kind.class);

    public FaultControl(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Replaces the faults in force.
     *
     * @throws IllegalArgumentException naming the bad item; then nothing changes
     */
    public void set(String specText) {
        FaultSpec parsed = FaultSpec.parse(specText);
        synchronized (this) {
            spec = parsed;
            remaining.clear();
            parsed.triggers().forEach((k, t) -> {
                if (t.isCount()) {
                    remaining.put(k, t.count());
                }
            });
        }
        if (parsed.equals(FaultSpec.NONE)) {
            LOG.debug("Faults cleared");
        } else {
            LOG.info("Faults set to '{}'", parsed.render());
        }
    }

    /** Turns every fault off. */
    public void clear() {
        set("");
    }

    /** @return the faults still in force, counts showing what is left (used-up ones dropped) */
    public synchronized String current() {
        Map<FaultSpec.Kind, FaultSpec.Trigger> live = new EnumMap<>(FaultSpec.Kind.class);
        spec.triggers().forEach((k, t) -> {
            if (!t.isCount()) {
                live.put(k, t);
            } else if (remaining.getOrDefault(k, 0) > 0) {
                live.put(k, new FaultSpec.Trigger(0, remaining.get(k)));
            }
        });
        return new FaultSpec(spec.latencyMs(), spec.retryAfterSeconds(), live).render();
    }

    public synchronized long latencyMs() {
        return spec.latencyMs();
    }

    public synchronized int retryAfterSeconds() {
        return spec.retryAfterSeconds();
    }

    /** @return the answer fault for this API request, or null; uses up a count when one hits */
    public synchronized FaultSpec.Kind nextAnswerFault() {
        for (FaultSpec.Kind k : FaultSpec.Kind.values()) {
            if (k != FaultSpec.Kind.EXPIRE_TOKENS && takeCount(k)) {
                return hit(k);
            }
        }
        for (FaultSpec.Kind k : FaultSpec.Kind.values()) {
            if (k != FaultSpec.Kind.EXPIRE_TOKENS && rolls(k)) {
                return hit(k);
            }
        }
        return null;
    }

    /** @return whether an otherwise valid bearer token is to be rejected as expired now */
    public synchronized boolean expireTokenNow() {
        if (takeCount(FaultSpec.Kind.EXPIRE_TOKENS) || rolls(FaultSpec.Kind.EXPIRE_TOKENS)) {
            hit(FaultSpec.Kind.EXPIRE_TOKENS);
            return true;
        }
        return false;
    }

    private boolean takeCount(FaultSpec.Kind k) {
        Integer n = remaining.get(k);
        if (n != null && n > 0) {
            remaining.put(k, n - 1);
            return true;
        }
        return false;
    }

    private boolean rolls(FaultSpec.Kind k) {
        FaultSpec.Trigger t = spec.triggers().get(k);
        return t != null && !t.isCount() && t.rate() > 0 && random.nextDouble() < t.rate();
    }

    private FaultSpec.Kind hit(FaultSpec.Kind k) {
        injected.merge(k, 1L, Long::sum);
        return k;
    }

    /** @return how many times each fault was injected since start */
    public synchronized Map<String, Long> injected() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (FaultSpec.Kind k : FaultSpec.Kind.values()) {
            m.put(k.specName(), injected.getOrDefault(k, 0L));
        }
        return m;
    }
}
