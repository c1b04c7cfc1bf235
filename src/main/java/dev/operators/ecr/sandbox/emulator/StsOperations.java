package dev.operators.ecr.sandbox.emulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * STS's AssumeRole and GetCallerIdentity over the Query protocol: form parameters in, XML out, as
 * botocore's model of STS 2011-06-15 declares them (shapes, lengths, patterns, the 50 session
 * tags).
 */
final class StsOperations {
  static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  static final int FORBIDDEN = 403;

  private static final int MIN_DURATION = 900;
  private static final int MAX_DURATION = 43_200;
  private static final int DEFAULT_DURATION = 3_600;
  private static final int MAX_TAGS = 50;
  private static final int MAX_TAG_KEY = 128;
  private static final int MAX_TAG_VALUE = 256;
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
  private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
  // The packed size of session tags, as a share of the limit; AWS's packing is not documented, so
  // this is the emulator's own measure: the tags' characters against 2,048.
  private static final int PACKED_LIMIT_CHARACTERS = 2_048;

  private final EcrState state;

  StsOperations(EcrState state) {
    this.state = state;
  }

  String assumeRole(Caller caller, Map<String, String> form) {
    String roleArn = required(form, "RoleArn", "roleArn");
    String sessionName = required(form, "RoleSessionName", "roleSessionName");
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw validation(
          sessionName,
          "roleSessionName",
          "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2"
              + " and 64");
    }
    String externalId = form.get("ExternalId");
    if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
      throw validation(
          externalId,
          "externalId",
          "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and have length"
              + " between 2 and 1224");
    }
    int duration = duration(form);
    Map<String, String> tags = tags(form);
    Accounts.Role role =
        state
            .accounts()
            .role(roleArn)
            .filter(r -> r.externalId() == null || r.externalId().equals(externalId))
            .orElseThrow(() -> notAuthorized(caller, roleArn));
    Instant expiration = state.now().plus(Duration.ofSeconds(duration));
    Accounts.Session session = state.accounts().issue(role, sessionName, expiration, tags);
    Xml result = new Xml();
    result
        .open("Credentials")
        .element("AccessKeyId", session.accessKeyId())
        .element("SecretAccessKey", session.secretAccessKey())
        .element("SessionToken", session.sessionToken())
        .element("Expiration", expiration.truncatedTo(ChronoUnit.MILLIS).toString())
        .close("Credentials")
        .open("AssumedRoleUser")
        .element("AssumedRoleId", session.caller().userId())
        .element("Arn", session.caller().arn())
        .close("AssumedRoleUser");
    if (!tags.isEmpty()) {
      result.element("PackedPolicySize", Integer.toString(packedSize(tags)));
    }
    return result.response("AssumeRole");
  }

  String getCallerIdentity(Caller caller) {
    return new Xml()
        .element("UserId", caller.userId())
        .element("Account", caller.accountId())
        .element("Arn", caller.arn())
        .response("GetCallerIdentity");
  }

  /** The Query protocol's error document; {@code Type} is {@code Receiver} for server errors. */
  static String error(EcrError error, String requestId) {
    return "<ErrorResponse xmlns=\""
        + NAMESPACE
        + "\"><Error><Type>"
        + (error.httpStatus() >= EcrError.SERVER_ERROR ? "Receiver" : "Sender")
        + "</Type><Code>"
        + Xml.escape(error.code())
        + "</Code><Message>"
        + Xml.escape(error.getMessage())
        + "</Message></Error><RequestId>"
        + requestId
        + "</RequestId></ErrorResponse>";
  }

  /**
   * AssumeRole refused: the role does not exist, or its trust policy (here: its external ID) does
   * not let the caller in. AWS words both alike, HTTP 403.
   */
  static EcrError notAuthorized(Caller caller, String roleArn) {
    return new EcrError(
        "AccessDenied",
        FORBIDDEN,
        "User: "
            + caller.arn()
            + " is not authorized to perform: sts:AssumeRole on resource: "
            + roleArn);
  }

  private static int duration(Map<String, String> form) {
    String text = form.get("DurationSeconds");
    if (text == null) {
      return DEFAULT_DURATION;
    }
    int seconds;
    try {
      seconds = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw validation(text, "durationSeconds", "Member must be a number");
    }
    if (seconds < MIN_DURATION) {
      throw validation(
          text,
          "durationSeconds",
          "Member must have value greater than or equal to " + MIN_DURATION);
    }
    if (seconds > MAX_DURATION) {
      throw validation(
          text, "durationSeconds", "Member must have value less than or equal to " + MAX_DURATION);
    }
    return seconds;
  }

  /**
   * {@code Tags.member.N.Key} and {@code .Value}, N from 1, as the Query protocol flattens a list.
   */
  private static Map<String, String> tags(Map<String, String> form) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int n = 1; form.containsKey("Tags.member." + n + ".Key"); n++) {
      String key = form.get("Tags.member." + n + ".Key");
      String value = Optional.ofNullable(form.get("Tags.member." + n + ".Value")).orElse("");
      if (key.isEmpty() || key.length() > MAX_TAG_KEY || !TAG_TEXT.matcher(key).matches()) {
        throw validation(
            key,
            "tags." + n + ".member.key",
            "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+ and"
                + " have length between 1 and "
                + MAX_TAG_KEY);
      }
      if (value.length() > MAX_TAG_VALUE || !TAG_TEXT.matcher(value).matches()) {
        throw validation(
            value,
            "tags." + n + ".member.value",
            "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]* and"
                + " have length less than or equal to "
                + MAX_TAG_VALUE);
      }
      tags.put(key, value);
    }
    if (tags.size() > MAX_TAGS) {
      throw validation(
          tags.size() + " tags",
          "tags",
          "Member must have length less than or equal to " + MAX_TAGS);
    }
    return tags;
  }

  private static int packedSize(Map<String, String> tags) {
    int characters =
        tags.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
    return Math.max(1, characters * 100 / PACKED_LIMIT_CHARACTERS);
  }

  private static String required(Map<String, String> form, String parameter, String member) {
    String value = form.get(parameter);
    if (value == null) {
      throw new EcrError(
          "ValidationError",
          EcrError.CLIENT_ERROR,
          "1 validation error detected: Value null at '"
              + member
              + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }

  // The Query protocol's validation error, in the wording AWS's validation layer uses.
  private static EcrError validation(String value, String member, String constraint) {
    return new EcrError(
        "ValidationError",
        EcrError.CLIENT_ERROR,
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + member
            + "' failed to satisfy constraint: "
            + constraint);
  }

  /** Writes an STS answer: {@code <OpResponse><OpResult>...</OpResult>...</OpResponse>}. */
  private static final class Xml {
    private final StringBuilder result = new StringBuilder();

    Xml open(String name) {
      result.append('<').append(name).append('>');
      return this;
    }

    Xml close(String name) {
      result.append("</").append(name).append('>');
      return this;
    }

    Xml element(String name, String text) {
      return open(name).text(text).close(name);
    }

    private Xml text(String text) {
      result.append(escape(text));
      return this;
    }

    String response(String operation) {
      return "<"
          + operation
          + "Response xmlns=\""
          + NAMESPACE
          + "\"><"
          + operation
          + "Result>"
          + result
          + "</"
          + operation
          + "Result><ResponseMetadata><RequestId>"
          + java.util.UUID.randomUUID()
          + "</RequestId></ResponseMetadata></"
          + operation
          + "Response>";
    }

    static String escape(String text) {
      return text.replace("&", "&amp;")
          .replace("<", "&lt;")
          .replace(">", "&gt;")
          .replace("\"", "&quot;")
          .replace("'", "&apos;");
    }
  }
}
