package dev.operators.ecr.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shipped logback configuration: JSON behind one setting, and no wire log by default. */
class LogOutputTest {
  private static final Logger LOG = LoggerFactory.getLogger(LogOutputTest.class);

  private static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  @SuppressWarnings("unchecked")
  private static OutputStreamAppender<ILoggingEvent> console() {
    return (OutputStreamAppender<ILoggingEvent>)
        context().getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
  }

  @Test
  void jsonFormatWritesEachLineAsOneJsonObject() throws Exception {
    OutputStreamAppender<ILoggingEvent> console = console();
    Encoder<ILoggingEvent> text = console.getEncoder();
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      LogFormat.JSON.apply();
      LOG.info("{}: created ECR repository {}", "team-a/api", "eu-west-1/team-a/api");
      LOG.warn("team-a/api: retrying", new IllegalStateException("boom\nsecond line"));
    } finally {
      console.setEncoder(text);
      System.setErr(stderr);
    }

    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2, lines.size(), "one line per event: " + lines);
    ObjectMapper json = new ObjectMapper();
    JsonNode info = json.readTree(lines.get(0));
    assertEquals("INFO", info.get("level").asText());
    assertEquals(LogOutputTest.class.getName(), info.get("loggerName").asText());
    assertEquals(
        "team-a/api: created ECR repository eu-west-1/team-a/api",
        info.get("formattedMessage").asText());
    assertTrue(info.get("timestamp").isNumber(), lines.get(0));
    assertTrue(
        Math.abs(info.get("timestamp").asLong() - System.currentTimeMillis()) < 60_000,
        lines.get(0));
    assertFalse(info.has("message"), "the raw pattern is left out: " + lines.get(0));
    JsonNode warn = json.readTree(lines.get(1));
    assertEquals("WARN", warn.get("level").asText());
    assertTrue(warn.get("throwable").toString().contains("boom"), lines.get(1));
  }

  @Test
  void textStaysTheDefault() {
    Encoder<ILoggingEvent> before = console().getEncoder();
    LogFormat.TEXT.apply();
    assertEquals(before, console().getEncoder());
  }

  @Test
  void wireLoggingIsOffByDefault() {
    // These print request headers, the SigV4 Authorization header among them.
    for (String wire :
        List.of(
            "software.amazon.awssdk.request",
            "software.amazon.awssdk.http",
            "software.amazon.awssdk.auth",
            "org.apache.hc.client5.http.wire",
            "org.apache.hc.client5.http.headers",
            "org.apache.http.wire",
            "org.apache.http.headers",
            "io.fabric8.kubernetes.client.http")) {
      assertFalse(context().getLogger(wire).isDebugEnabled(), wire + " logs at DEBUG");
      assertFalse(context().getLogger(wire).isInfoEnabled(), wire + " logs at INFO");
    }
  }
}
