package dev.operators.ecr.runtime.logging;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;

/**
 * The operator's logging, set up in code: one appender on standard error, a text pattern (or JSON,
 * {@link LogFormat}), and the levels below. logback finds it as a service and runs it before it
 * looks for a {@code logback.xml}; reading XML would load logback's configuration framework and the
 * JDK's XML parser, some 400 classes kept in memory for the life of the process (docs/design.md,
 * "Logging set up in code"). A file named by {@code -Dlogback.configurationFile} still wins: then
 * this configurator steps aside and logback reads that file.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {
  /** The environment variable that sets the level of the operator's own loggers. */
  public static final String LEVEL_VARIABLE = "ECR_OPERATOR_LOG_LEVEL";

  /** The name of the one appender, which {@link LogFormat} gives a JSON encoder. */
  static final String APPENDER = "STDERR";

  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{36} - %msg%n";

  /**
   * Levels of other loggers, whatever the operator's own level. The AWS SDK's and the Apache HTTP
   * client's wire logs print request headers, the SigV4 Authorization header among them: never
   * below WARN. JSON logs swap the encoder only, never these levels.
   */
  static final Map<String, Level> LEVELS =
      Map.ofEntries(
          Map.entry("io.javaoperatorsdk", Level.INFO),
          Map.entry("io.fabric8", Level.WARN),
          // Says that v1alpha1 is not a stable version: true, and not worth a line at every start.
          Map.entry("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", Level.ERROR),
          Map.entry("software.amazon.awssdk", Level.WARN),
          Map.entry("software.amazon.awssdk.request", Level.WARN),
          // The SDK's HTTP client (Apache HttpClient 5) and, for older setups, Apache HttpClient 4.
          Map.entry("org.apache.hc", Level.WARN),
          Map.entry("org.apache.hc.client5.http.wire", Level.WARN),
          Map.entry("org.apache.hc.client5.http.headers", Level.WARN),
          Map.entry("org.apache.http", Level.WARN),
          Map.entry("org.apache.http.wire", Level.WARN),
          Map.entry("org.apache.http.headers", Level.WARN),
          // The sandbox's mock API server.
          Map.entry("io.netty", Level.WARN),
          Map.entry("io.vertx", Level.WARN));

  private final UnaryOperator<String> environment;

  /** The configurator logback instantiates: levels from the process's environment. */
  public LogConfiguration() {
    this(System::getenv);
  }

  LogConfiguration(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null) {
      addInfo("a configuration file is named; logback reads it instead");
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName(APPENDER);
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();

    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));

    String wanted = environment.apply(LEVEL_VARIABLE);
    Level own = ownLevel(wanted);
    context.getLogger("dev.operators.ecr").setLevel(own == null ? Level.INFO : own);
    if (own == null) {
      context
          .getLogger(LogConfiguration.class)
          .warn(
              "{}='{}' is not a log level; write TRACE, DEBUG, INFO, WARN, ERROR or OFF. INFO is used.",
              LEVEL_VARIABLE,
              wanted);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * The level a value of {@link #LEVEL_VARIABLE} names, in any case; INFO when unset or blank, null
   * when it names no level.
   */
  static Level ownLevel(String value) {
    if (value == null || value.isBlank()) {
      return Level.INFO;
    }
    return switch (value.trim().toUpperCase(Locale.ROOT)) {
      case "TRACE" -> Level.TRACE;
      case "DEBUG" -> Level.DEBUG;
      case "INFO" -> Level.INFO;
      case "WARN" -> Level.WARN;
      case "ERROR" -> Level.ERROR;
      case "OFF" -> Level.OFF;
      default -> null;
    };
  }
}
