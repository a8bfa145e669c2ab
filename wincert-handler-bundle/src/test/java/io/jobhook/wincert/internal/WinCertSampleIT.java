package io.jobhook.wincert.internal;

import java.nio.file.Path;
import java.util.Map;

import io.jobhook.testkit.HandlerRunner;
import io.jobhook.testkit.OsgiHandlerRunner;

/**
 * {@link WinCertSampleTest} again, with the packaged bundle in a real OSGi framework: its imports resolve, DS
 * activates it from a factory configuration of {@code io.jobhook.wincert}, and the registered service behaves as the
 * class did.
 */
class WinCertSampleIT extends WinCertSampleTest {

    @Override
    HandlerRunner start(Map<String, Object> configuration) {
        return OsgiHandlerRunner.start(Path.of(System.getProperty("jobhook.bundle.jar")), "io.jobhook.wincert",
                configuration);
    }
}
