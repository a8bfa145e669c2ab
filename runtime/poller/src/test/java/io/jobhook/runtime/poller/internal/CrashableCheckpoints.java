package io.jobhook.runtime.poller.internal;

import java.util.Optional;

import io.jobhook.runtime.spi.Checkpoints;

/**
 * A journal's checkpoints, with a process "dying" before a chosen checkpoint save: the completions appended before
 * it are journaled, the checkpoint is not.
 */
final class CrashableCheckpoints implements Checkpoints {

    private final Checkpoints delegate;
    private int savesBeforeCrash = -1;
    private int saves;

    CrashableCheckpoints(Checkpoints delegate) {
        this.delegate = delegate;
    }

    /** The next {@code n} checkpoint saves succeed, the one after fails (as if the process died). */
    void crashAfterSaves(int n) {
        savesBeforeCrash = n;
    }

    int saves() {
        return saves;
    }

    @Override
    public void saveCheckpoint(String name, String value) {
        if (savesBeforeCrash == 0) {
            throw new IllegalStateException("simulated crash before the checkpoint was saved");
        }
        if (savesBeforeCrash > 0) {
            savesBeforeCrash--;
        }
        delegate.saveCheckpoint(name, value);
        saves++;
    }

    @Override
    public Optional<String> checkpoint(String name) {
        return delegate.checkpoint(name);
    }
}
