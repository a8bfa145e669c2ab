package io.jobhook.runtime.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.Collections;
import java.util.Dictionary;
import java.util.Map;

import jakarta.servlet.Servlet;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.jobhook.testkit.LogCapture;

class IngressComponentTest {

    private final BundleContext context = mock(BundleContext.class);
    @SuppressWarnings("unchecked")
    private final ServiceRegistration<Servlet> registration = mock(ServiceRegistration.class);
    private final FakeIntake intake = new FakeIntake();

    /** @return the properties of the ingress servlet's registration (the error pages are registered too) */
    @SuppressWarnings("unchecked")
    private Dictionary<String, Object> registeredProperties() {
        ArgumentCaptor<Dictionary<String, Object>> props = ArgumentCaptor.forClass(Dictionary.class);
        verify(context, times(2)).registerService(eq(Servlet.class), any(Servlet.class), props.capture());
        return props.getAllValues().stream()
                .filter(p -> "/jobhook/v1/completions".equals(p.get("osgi.http.whiteboard.servlet.pattern")))
                .findFirst().orElseThrow();
    }

    @Test
    void registersTheServletOnTheWhiteboardWithoutConfigurationInItsProperties() {
        when(context.registerService(eq(Servlet.class), any(Servlet.class), any())).thenReturn(registration);

        try (LogCapture log = LogCapture.of(IngressComponent.class)) {
            IngressComponent component = new IngressComponent(IngressSettingsTest.config(
                    Map.of(".tokens", new String[] {"very-secret-1", "very-secret-2"})), context, intake);

            Dictionary<String, Object> props = registeredProperties();
            assertThat(props.get("osgi.http.whiteboard.servlet.pattern")).isEqualTo("/jobhook/v1/completions");
            assertThat(props.get("osgi.http.whiteboard.servlet.name")).isEqualTo("io.jobhook.ingress");
            assertThat(Collections.list(props.keys())).containsExactlyInAnyOrder(
                    "osgi.http.whiteboard.servlet.pattern", "osgi.http.whiteboard.servlet.name", "service.description");
            assertThat(Collections.list(props.elements()).toString()).doesNotContain("very-secret");
            assertThat(log.lines()).containsExactly("INFO Completion ingress serving POST /jobhook/v1/completions "
                    + "with 2 push token(s) and 0 client certificate subject(s) (enabled=true, tokens=2, clientSubjects=0, "
                    + "maxBodyBytes=65536, idempotencyTtlSeconds=86400)");

            component.deactivate();
            verify(registration, times(2)).unregister();
        }
    }

    @Test
    void theRegisteredServletAnswersWithTheConfiguredTokens() throws Exception {
        when(context.registerService(eq(Servlet.class), any(Servlet.class), any())).thenReturn(registration);
        new IngressComponent(IngressSettingsTest.config(Map.of(".tokens", "tok-1", "maxBodyBytes", 2048)), context,
                intake);
        ArgumentCaptor<Servlet> servlet = ArgumentCaptor.forClass(Servlet.class);
        verify(context, times(2)).registerService(eq(Servlet.class), servlet.capture(), any());

        assertThat(servlet.getAllValues()).hasAtLeastOneElementOfType(IngressServlet.class)
                .hasAtLeastOneElementOfType(ErrorPageServlet.class);
    }

    @Test
    void withoutTokensItSaysThatEveryPushIsRefused() {
        when(context.registerService(eq(Servlet.class), any(Servlet.class), any())).thenReturn(registration);

        try (LogCapture log = LogCapture.of(IngressComponent.class)) {
            new IngressComponent(IngressSettingsTest.config(Map.of()), context, intake);

            assertThat(log.lines()).singleElement().asString().startsWith("INFO ")
                    .contains("no push token", "every push is refused (401)", "io.jobhook.ingress", ".tokens");
        }
    }

    @Test
    void disabledItRegistersOnlyTheErrorPagesAndSaysSo() {
        when(context.registerService(eq(Servlet.class), any(Servlet.class), any())).thenReturn(registration);
        try (LogCapture log = LogCapture.of(IngressComponent.class)) {
            IngressComponent component = new IngressComponent(IngressSettingsTest.config(Map.of("enabled", false,
                    ".tokens", "very-secret-1")), context, intake);

            verify(context, never()).registerService(eq(Servlet.class), any(IngressServlet.class), any());
            verify(context).registerService(eq(Servlet.class), any(ErrorPageServlet.class), any());
            assertThat(log.lines()).containsExactly(
                    "INFO Completion ingress disabled (io.jobhook.ingress enabled=false): /jobhook/v1/completions is not served");
            component.deactivate();
        }
        verify(registration).unregister(); // the error pages'
    }

    @Test
    void anImpossibleConfigurationIsRefusedWithOneErrorLine() {
        try (LogCapture log = LogCapture.of(IngressComponent.class)) {
            assertThatThrownBy(() -> new IngressComponent(IngressSettingsTest.config(Map.of("maxBodyBytes", -1,
                    ".tokens", "very-secret-1")), context, intake))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxBodyBytes").hasMessageNotContaining("very-secret");

            assertThat(log.lines()).singleElement().asString().startsWith("ERROR Configuration io.jobhook.ingress refused")
                    .doesNotContain("very-secret");
        }
        verifyNoInteractions(context);
    }
}
