package dev.operators.ecr.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The logging set up in code, in a context of its own, and as logback finds it. */
class LogConfigurationTest {

  private static LoggerContext configured(Map<String, String> environment) {
    LoggerContext context = new LoggerContext();
    LogConfiguration configuration = new LogConfiguration(environment::get);
    configuration.setContext(context);
    assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configuration.configure(context));
    return context;
  }

  @Test
  void logbackFindsItAsAServiceAndReadsNoXml() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ConsoleAppender<?> console =
        assertInstanceOf(
            ConsoleAppender.class,
            context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(LogConfiguration.APPENDER));
    assertEquals("System.err", console.getTarget());
    assertEquals(Level.INFO, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    assertNull(
        LogConfiguration.class.getResource("/logback.xml"),
        "a logback.xml beside the configurator would be a second, unread source of levels");
    // The XML configuration framework was never loaded (it is, as soon as a file is read).
    assertNull(
        ClassLoader.getSystemClassLoader().getDefinedPackage("ch.qos.logback.classic.joran"),
        "logback's XML configurator ran");
  }

  @Test
  void textLinesOnStandardErrorAtTheShippedLevels() {
    LoggerContext context = configured(Map.of());
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    ConsoleAppender<?> console =
        assertInstanceOf(ConsoleAppender.class, root.getAppender(LogConfiguration.APPENDER));
    assertTrue(console.isStarted());
    PatternLayoutEncoder encoder =
        assertInstanceOf(PatternLayoutEncoder.class, console.getEncoder());
    assertEquals(LogConfiguration.PATTERN, encoder.getPattern());
    assertEquals(Level.INFO, context.getLogger("dev.operators.ecr").getLevel());
    assertEquals(Level.INFO, context.getLogger("io.javaoperatorsdk").getLevel());
    assertEquals(Level.WARN, context.getLogger("io.fabric8").getLevel());
    assertEquals(
        Level.ERROR,
        context
            .getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils")
            .getLevel());
    assertFalse(context.getLogger("software.amazon.awssdk.request").isInfoEnabled());
    assertFalse(context.getLogger("org.apache.hc.client5.http.wire").isInfoEnabled());
  }

  @Test
  void theOperatorsLevelComesFromTheEnvironmentInAnyCase() {
    LoggerContext context = configured(Map.of(LogConfiguration.LEVEL_VARIABLE, " debug "));
    assertEquals(Level.DEBUG, context.getLogger("dev.operators.ecr").getLevel());
    assertTrue(context.getLogger("dev.operators.ecr.reconciler.X").isDebugEnabled());
    // Only the operator's own loggers: the wire logs stay at WARN.
    assertFalse(context.getLogger("software.amazon.awssdk.request").isInfoEnabled());
    assertFalse(context.getLogger("io.fabric8.kubernetes.client.http").isInfoEnabled());
  }

  @Test
  void aValueThatIsNoLevelIsNamedAndInfoIsUsed() {
    LoggerContext context = new LoggerContext();
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.setContext(context);
    seen.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(seen);
    LogConfiguration configuration =
        new LogConfiguration(Map.of(LogConfiguration.LEVEL_VARIABLE, "verbose")::get);
    configuration.setContext(context);
    configuration.configure(context);

    assertEquals(Level.INFO, context.getLogger("dev.operators.ecr").getLevel());
    assertEquals(1, seen.list.size(), seen.list.toString());
    assertEquals(Level.WARN, seen.list.get(0).getLevel());
    assertEquals(
        "ECR_OPERATOR_LOG_LEVEL='verbose' is not a log level; write TRACE, DEBUG, INFO, WARN,"
            + " ERROR or OFF. INFO is used.",
        seen.list.get(0).getFormattedMessage());
  }

  @Test
  void aNamedConfigurationFileWins() {
    String before = System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
    System.setProperty(ClassicConstants.CONFIG_FILE_PROPERTY, "/somewhere/logback.xml");
    try {
      LoggerContext context = new LoggerContext();
      LogConfiguration configuration = new LogConfiguration(Map.<String, String>of()::get);
      configuration.setContext(context);
      assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configuration.configure(context));
      assertFalse(
          context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext(),
          "nothing set up: logback reads the named file next");
    } finally {
      if (before == null) {
        System.clearProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
      } else {
        System.setProperty(ClassicConstants.CONFIG_FILE_PROPERTY, before);
      }
    }
  }

  @Test
  void levelsAreParsedStrictly() {
    assertEquals(Level.INFO, LogConfiguration.ownLevel(null));
    assertEquals(Level.INFO, LogConfiguration.ownLevel(" "));
    assertEquals(Level.WARN, LogConfiguration.ownLevel("Warn"));
    assertEquals(Level.OFF, LogConfiguration.ownLevel("off"));
    assertNull(LogConfiguration.ownLevel("WARNING"));
  }
}
