package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator's page in a real browser (Debian's headless Chromium through its chromedriver) against the packaged
 * distribution in demo mode: signed in by a link's {@code #token=}, the demo's events shown without a click, a handler
 * broken by configuration leaves a dead letter, fixed by configuration, replayed from the page, delivered. Each view's
 * screenshot is kept in {@code target/operator-page/}.
 */
class OperatorPageIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String HANDLER = "io.jobhook.test.misbehaving~page";
    static final Path SHOTS = Path.of("target", "operator-page");

    @Test
    void signInSeeTheEventsAndReplayADeadLetterOnceItsHandlerIsFixed() throws Exception {
        try (RunningJobhook jobhook = RunningJobhook.prepare("page")) {
            jobhook.config("io.jobhook.admin.cfg", ".tokens = " + AdminIT.ADMIN + "\n");
            jobhook.config("io.jobhook.test.misbehaving-page.cfg", "storeTypes = WinCert\nbehaviour = false\n"
                    + "dispatch.maxAttempts = 1\n");
            jobhook.deploy("test-handlers", "test-handlers");
            jobhook.start();
            RunningJobhook.await("the broken handler live", Duration.ofSeconds(60),
                    () -> jobhook.console().contains("Handler " + HANDLER + " registered"));
            Files.createDirectories(SHOTS);

            WebDriver browser = chromium();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                browser.get(jobhook.uri("/jobhook/#token=" + AdminIT.ADMIN).toString());

                // Signed in by the link; the token left the address bar for this tab's sessionStorage.
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("console")));
                assertThat(browser.getCurrentUrl()).doesNotContain(AdminIT.ADMIN).doesNotContain("#token");
                assertThat(script(browser, "return sessionStorage.getItem('jobhook.adminToken')"))
                        .isEqualTo(AdminIT.ADMIN);

                // The demo's events, newest first, without a click.
                wait.until(d -> rows(d, "event-rows").size() >= 1);
                assertThat(text(browser, "event-rows")).contains("WinCert");
                shot(browser, "events");

                // A completion for the broken handler: a dead letter, shown per handler.
                fire(jobhook);
                wait.until(d -> text(d, "dead-letter-groups").contains(HANDLER));
                browser.findElement(By.id("nav-dead-letters")).click();
                shot(browser, "dead-letters");
                wait.until(d -> text(d, "handler-rows").contains(HANDLER) && text(d, "handler-rows")
                        .contains("returned false"));
                browser.findElement(By.id("nav-handlers")).click();
                shot(browser, "handlers");
                wait.until(d -> text(d, "health-rows").contains("Jobhook dead letters"));
                assertThat(text(browser, "health-rows")).contains("Jobhook journal").contains(HANDLER);
                browser.findElement(By.id("nav-health")).click();
                shot(browser, "health");

                // One event in full, with its attempt.
                WebElement failedRow = browser.findElements(By.cssSelector("#event-rows tr")).stream()
                        .filter(r -> r.getText().contains(HANDLER + " FAILED")).findFirst().orElseThrow();
                failedRow.findElement(By.cssSelector("button.link")).click();
                wait.until(d -> text(d, "attempt-rows").contains("RETURNED_FALSE"));
                shot(browser, "event");
                browser.findElement(By.id("event-close")).click();

                // Fixed by configuration, then replayed from the page behind its confirmation.
                jobhook.config("io.jobhook.test.misbehaving-page.cfg", "storeTypes = WinCert\nbehaviour = true\n");
                RunningJobhook.await("the handler fixed", Duration.ofSeconds(30), () -> jobhook.console()
                        .contains("Handler " + HANDLER + " updated")
                        || jobhook.console().split("Handler " + HANDLER + " registered", -1).length > 2);
                WebElement replayAll = wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                        "//button[text()='Replay all of " + HANDLER + "']")));
                replayAll.click();
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                wait.until(d -> text(d, "status").startsWith("Replayed "));
                wait.until(d -> !text(d, "dead-letter-groups").contains(HANDLER));
                assertThat(deliveriesOf(jobhook)).as("every delivery to the fixed handler").isNotEmpty()
                        .allMatch(state -> state.equals("DELIVERED"));
                wait.until(d -> text(d, "event-rows").contains(HANDLER + " DELIVERED"));
                shot(browser, "replayed");

                // On a phone: nothing wider than the screen.
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
                wait.until(d -> ((Number) script(d, "return document.documentElement.scrollWidth")).intValue()
                        <= ((Number) script(d, "return window.innerWidth")).intValue());
                assertThat(browser.findElements(By.cssSelector("#handler-rows td[data-label='Identity']")))
                        .as("stacked rows name their column").isNotEmpty();
                shot(browser, "phone");
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));

                // Signed out, and in again with the form, by keyboard alone.
                browser.findElement(By.id("sign-out")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
                assertThat(script(browser, "return sessionStorage.getItem('jobhook.adminToken')")).isNull();
                WebElement field = browser.switchTo().activeElement();
                assertThat(field.getAttribute("id")).as("the token field has the focus").isEqualTo("token");
                field.sendKeys(AdminIT.ADMIN, org.openqa.selenium.Keys.ENTER);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("console")));
                wait.until(d -> rows(d, "event-rows").size() >= 1);
                field = browser.findElement(By.id("token"));
                assertThat(field.getAttribute("value")).as("the field forgets what was typed").isEmpty();
                assertThat(browser.findElement(By.cssSelector("label[for=token]")).getAttribute("textContent"))
                        .as("the field is labelled").contains("Admin token");

                // Nothing from another origin: every resource the page loaded is its own.
                @SuppressWarnings("unchecked")
                List<String> loaded = (List<String>) script(browser,
                        "return performance.getEntriesByType('resource').map(e => e.name)");
                String origin = jobhook.uri("/").toString().replaceAll("/$", "");
                assertThat(loaded).isNotEmpty().allMatch(url -> url.startsWith(origin + "/"));
                HttpResponse<String> page = AdminIT.get(jobhook, "/jobhook/", null);
                assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                        .contains("default-src 'none'").contains("connect-src 'self'");
            } finally {
                browser.quit();
            }
            jobhook.stop();
        }
    }

    /** Debian's chromium, headless; --no-sandbox because CI runs as root. */
    static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    static void fire(RunningJobhook jobhook) throws Exception {
        JsonNode types = JSON.readTree(AdminIT.get(jobhook, "/jobhook/v1/jobtypes/WinCert", AdminIT.ADMIN).body());
        String guid = types.path("jobTypes").elements().next().asText();
        HttpResponse<String> fired = AdminIT.send(jobhook, "/jobhook/v1/fire", AdminIT.ADMIN,
                "{\"JobTypeId\":\"" + guid + "\",\"JobType\":\"WinCertInventory\"}");
        assertThat(fired.statusCode()).as(fired.body()).isEqualTo(202);
    }

    static List<String> deliveriesOf(RunningJobhook jobhook) throws Exception {
        JsonNode events = JSON.readTree(AdminIT.get(jobhook, "/jobhook/v1/events?limit=1000&handler=" + HANDLER,
                AdminIT.ADMIN).body());
        return events.findValues("deliveries").stream().flatMap(d -> java.util.stream.StreamSupport
                .stream(d.spliterator(), false)).filter(d -> d.path("handler").asText().equals(HANDLER))
                .map(d -> d.path("state").asText()).toList();
    }

    static List<WebElement> rows(WebDriver browser, String tbody) {
        return browser.findElements(By.cssSelector("#" + tbody + " tr"));
    }

    static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    static Object script(WebDriver browser, String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    static void shot(WebDriver browser, String view) throws Exception {
        Files.write(SHOTS.resolve(view + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
