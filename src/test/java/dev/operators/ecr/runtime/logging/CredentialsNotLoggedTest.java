package dev.operators.ecr.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.runtime.EcrOperator;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.sandbox.LocalKubernetesApi;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.sandbox.emulator.Fault;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An ECR error that quotes the request's signature, credential and session token goes through the
 * real operator and the real AWS SDK; nothing secret reaches the log, in either format.
 */
class CredentialsNotLoggedTest {
  private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String SESSION_TOKEN = "FQoGZXIvYXdzEXAMPLESESSIONTOKEN";
  private static final String SIGNATURE =
      "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

  // ECR's answer to a bad signature: the first paragraph quotes the credential scope and the
  // signature, the rest is the canonical request, session token included.
  private static final Fault BAD_SIGNATURE =
      new Fault(
          "InvalidSignatureException",
          400,
          "The request signature we calculated does not match the signature you provided."
              + " Authorization=AWS4-HMAC-SHA256 Credential="
              + ACCESS_KEY
              + "/20261127/eu-west-1/ecr/aws4_request, SignedHeaders=host;x-amz-date,"
              + " Signature="
              + SIGNATURE
              + "\n\nThe Canonical String for this request should have been\n'POST\n/\n\n"
              + "host:api.ecr.eu-west-1.amazonaws.com\nx-amz-security-token:"
              + SESSION_TOKEN
              + "\n'");

  @Test
  void ecrErrorsAreLoggedWithoutSignatureCredentialOrKeys() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Logger own = context.getLogger("dev.operators.ecr");
    Level ownLevel = own.getLevel();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> textCapture = capture(context, text, pattern(context));
    OutputStreamAppender<ILoggingEvent> jsonCapture =
        capture(context, json, LogFormat.jsonEncoder(context));
    root.addAppender(textCapture);
    root.addAppender(jsonCapture);
    own.setLevel(Level.DEBUG);
    EcrRepository seen;
    try (LocalKubernetesApi api = LocalKubernetesApi.start(0);
        KubernetesClient client = api.newClient();
        EcrEmulator ecr = new EcrEmulator().start();
        SdkEcrPort port =
            new SdkEcrPort(
                EmulatorClients.clients(ecr.endpoint())
                    .credentialsProvider(
                        StaticCredentialsProvider.create(
                            AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN)))
                    .build())) {
      // The first call a new resource makes.
      ecr.failAlways("CreateRepository", BAD_SIGNATURE);
      try (EcrOperator operator =
          EcrOperator.start(
              client,
              port,
              OperatorSettings.builder()
                  .defaultRegion("eu-west-1")
                  .resyncPeriod(Duration.ofSeconds(2))
                  .build(),
              Clock.systemUTC())) {
        client.resource(repository()).create();
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> stalled(client.resource(repository()).get()));
        seen = client.resource(repository()).get();
      }
    } finally {
      own.setLevel(ownLevel);
      root.detachAppender(textCapture);
      root.detachAppender(jsonCapture);
      textCapture.stop();
      jsonCapture.stop();
    }

    String status =
        Conditions.find(seen.getStatus().getConditions(), Conditions.READY).getMessage();
    for (String log :
        List.of(
            text.toString(StandardCharsets.UTF_8), json.toString(StandardCharsets.UTF_8), status)) {
      assertTrue(log.contains("CreateRepository"), "the failure is reported:\n" + log);
      for (String secret : List.of(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN, SIGNATURE)) {
        assertFalse(log.contains(secret), "leaked " + secret + ":\n" + log);
      }
      assertFalse(log.matches("(?s).*(?i:signature=)(?!<redacted>).*"), log);
      assertFalse(log.matches("(?s).*(?i:credential=)(?!<redacted>).*"), log);
    }
  }

  private static boolean stalled(EcrRepository r) {
    if (r == null || r.getStatus() == null) {
      return false;
    }
    Condition c = Conditions.find(r.getStatus().getConditions(), Conditions.STALLED);
    return c != null && "True".equals(c.getStatus());
  }

  private static EcrRepository repository() {
    EcrRepository r = new EcrRepository();
    r.setMetadata(new ObjectMetaBuilder().withName("api").withNamespace("signed").build());
    EcrRepositorySpec spec = new EcrRepositorySpec();
    spec.setRepositoryName("signed/api");
    r.setSpec(spec);
    return r;
  }

  private static PatternLayoutEncoder pattern(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger - %msg%n%ex{full}");
    encoder.start();
    return encoder;
  }

  private static OutputStreamAppender<ILoggingEvent> capture(
      LoggerContext context,
      ByteArrayOutputStream out,
      ch.qos.logback.core.encoder.Encoder<ILoggingEvent> encoder) {
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("capture-" + System.identityHashCode(out));
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    return appender;
  }
}
