package dev.operators.ecr.runtime.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How log lines are written: the text pattern of {@link LogConfiguration}, or one JSON object a
 * line.
 */
public enum LogFormat {
  TEXT,
  JSON;

  /** {@code text} or {@code json}, in any case. */
  public static LogFormat parse(String value) {
    for (LogFormat format : values()) {
      if (format.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return format;
      }
    }
    throw new IllegalArgumentException("'" + value + "' is not a log format; write text or json");
  }

  /**
   * Makes every appender of the root logger write in this format from now on. {@code TEXT} leaves
   * the configuration of {@link LogConfiguration} as it is.
   */
  public void apply() {
    if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Iterator<Appender<ILoggingEvent>> appenders =
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
    while (appenders.hasNext()) {
      if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> out) {
        out.setEncoder(jsonEncoder(context));
      }
    }
  }

  /**
   * logback's JSON encoder, trimmed to what a log pipeline needs: {@code timestamp} (epoch
   * milliseconds), {@code level}, {@code threadName}, {@code loggerName}, {@code mdc}, {@code
   * formattedMessage} (the message with its arguments in place) and {@code throwable}.
   */
  static JsonEncoder jsonEncoder(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
