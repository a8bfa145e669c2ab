package io.jobhook.simulator.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Derives the simulated instance's GUIDs from its seed, so tests can predict them: SHA-256 of the seed
 * and a name, shaped as a version 4 GUID (as Command's own look). With the default seed, the GUIDs the
 * Keyfactor sample shows (WinCert's job types, its orchestrator, its inventory job) are pinned, so a demo
 * reads like the sample.
 */
public final class GuidDerivation {

    /** The default seed, whose instance is the Keyfactor sample's. */
    public static final long DEFAULT_SEED = 1L;

    private static final Map<String, UUID> SAMPLE = Map.of(
            "jobtype:wincert:inventory", UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3"),
            "jobtype:wincert:management", UUID.fromString("4be14534-55b0-4cd7-9871-536b55b5e973"),
            "jobtype:wincert:reenrollment", UUID.fromString("e868b3f8-9b6a-48b1-91c8-683d71d94f61"),
            "agent:1", UUID.fromString("fa406103-d84a-43ea-8bfd-99bc1f064281"),
            "inventoryjob:1", UUID.fromString("0b4b411a-4b26-4492-a575-a10adb43a08a"));

    private GuidDerivation() {
    }

    /** @return the GUID of a store type's job type of the given kind */
    public static UUID jobTypeId(long seed, String shortName, StoreJobKind kind) {
        return derive(seed, "jobtype:" + shortName + ":" + kind.name());
    }

    /** @return the GUID of the n-th orchestrator (from 1) */
    public static UUID agentId(long seed, int ordinal) {
        return derive(seed, "agent:" + ordinal);
    }

    /** @return the GUID of the n-th store's (from 1) inventory job */
    public static UUID inventoryJobId(long seed, int ordinal) {
        return derive(seed, "inventoryjob:" + ordinal);
    }

    /**
     * @param name what the GUID is for; compared without case
     * @return the GUID for the seed and name, the same on every run
     */
    public static UUID derive(long seed, String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (seed == DEFAULT_SEED && SAMPLE.containsKey(key)) {
            return SAMPLE.get(key);
        }
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest((seed + "|" + key).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x40);   // version 4
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);   // IETF variant
        ByteBuffer b = ByteBuffer.wrap(hash);
        return new UUID(b.getLong(), b.getLong());
    }
}
