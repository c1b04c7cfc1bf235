package dev.operators.ecr.sandbox.emulator;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS accounts the emulator plays: which account each access key belongs to, the roles that
 * AssumeRole may assume, and the sessions it issued. Any long-term key the emulator did not issue
 * belongs to the default account, so that arbitrary keys (as the sandbox and the README use) keep
 * working; a temporary key ({@code ASIA...}) must be one that AssumeRole issued.
 */
final class Accounts {
  /** AWS's prefix of temporary access keys (long-term ones start with AKIA). */
  static final String TEMPORARY_KEY_PREFIX = "ASIA";

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  // arn:aws:iam::ACCOUNT:role/NAME, with an optional path before the name.
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:[\\x21-\\x7E]*/)?([\\w+=,.@-]{1,64})");
  private static final String KEY_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String SECRET_CHARACTERS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final int KEY_SUFFIX_LENGTH = 16;
  private static final int SECRET_LENGTH = 40;
  private static final int TOKEN_LENGTH = 120;
  private static final int ROLE_ID_SUFFIX_LENGTH = 17;

  /** Why a request's credentials are refused, before any operation runs. */
  enum Refusal {
    /** A temporary key that was never issued, or sent with a missing or wrong session token. */
    INVALID,
    EXPIRED
  }

  /** The credentials of a request are refused. */
  static final class RefusedCredentials extends RuntimeException {
    private final Refusal refusal;

    RefusedCredentials(Refusal refusal) {
      super(refusal.name(), null, false, false);
      this.refusal = refusal;
    }

    Refusal refusal() {
      return refusal;
    }
  }

  /**
   * A role that can be assumed.
   *
   * @param externalId the external ID its trust policy asks for; null for none
   */
  record Role(String arn, String accountId, String name, String roleId, String externalId) {}

  /** Credentials AssumeRole issued, and what they were issued for. */
  record Session(
      String accessKeyId,
      String secretAccessKey,
      String sessionToken,
      Instant expiration,
      Role role,
      String sessionName,
      Map<String, String> tags) {
    Caller caller() {
      return new Caller(
          role.accountId(),
          "arn:aws:sts::" + role.accountId() + ":assumed-role/" + role.name() + "/" + sessionName,
          role.roleId() + ":" + sessionName);
    }
  }

  private final String defaultAccount;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, String> users = new HashMap<>();
  private final Map<String, Role> roles = new HashMap<>();
  private final Map<String, Session> sessions = new HashMap<>();
  private final Map<String, List<Session>> sessionsByRole = new HashMap<>();

  Accounts(String defaultAccount) {
    this.defaultAccount = requireAccount(defaultAccount);
  }

  String defaultAccount() {
    return defaultAccount;
  }

  static String requireAccount(String accountId) {
    if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
      throw new IllegalArgumentException("an account ID is 12 digits, not " + accountId);
    }
    return accountId;
  }

  synchronized void addUser(String accessKeyId, String accountId) {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    if (accessKeyId.startsWith(TEMPORARY_KEY_PREFIX)) {
      throw new IllegalArgumentException(
          "keys starting with " + TEMPORARY_KEY_PREFIX + " are temporary: AssumeRole issues them");
    }
    users.put(accessKeyId, requireAccount(accountId));
  }

  synchronized Role createRole(String roleArn, String externalId) {
    Matcher m = ROLE_ARN.matcher(Objects.requireNonNull(roleArn, "roleArn"));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a role ARN (arn:aws:iam::<12 digits>:role/<name>): " + roleArn);
    }
    Role role =
        new Role(
            roleArn,
            m.group(1),
            m.group(2),
            "AROA" + randomText(KEY_CHARACTERS, ROLE_ID_SUFFIX_LENGTH),
            externalId);
    roles.put(roleArn, role);
    return role;
  }

  synchronized Optional<Role> role(String roleArn) {
    return Optional.ofNullable(roles.get(roleArn));
  }

  /**
   * Whom a request belongs to.
   *
   * @param sessionToken the {@code X-Amz-Security-Token} header; null when absent
   * @throws RefusedCredentials for a temporary key that is unknown, expired, or sent without its
   *     token
   */
  synchronized Caller caller(String accessKeyId, String sessionToken, Instant now) {
    if (!accessKeyId.startsWith(TEMPORARY_KEY_PREFIX)) {
      return Caller.longTerm(accessKeyId, users.getOrDefault(accessKeyId, defaultAccount));
    }
    Session session = sessions.get(accessKeyId);
    if (session == null || !session.sessionToken().equals(sessionToken)) {
      throw new RefusedCredentials(Refusal.INVALID);
    }
    if (!now.isBefore(session.expiration())) {
      throw new RefusedCredentials(Refusal.EXPIRED);
    }
    return session.caller();
  }

  synchronized Session issue(
      Role role, String sessionName, Instant expiration, Map<String, String> tags) {
    String key;
    do {
      key = TEMPORARY_KEY_PREFIX + randomText(KEY_CHARACTERS, KEY_SUFFIX_LENGTH);
    } while (sessions.containsKey(key));
    Session session =
        new Session(
            key,
            randomText(SECRET_CHARACTERS, SECRET_LENGTH),
            randomText(SECRET_CHARACTERS, TOKEN_LENGTH),
            expiration,
            role,
            sessionName,
            Map.copyOf(tags));
    sessions.put(key, session);
    sessionsByRole.computeIfAbsent(role.arn(), r -> new ArrayList<>()).add(session);
    return session;
  }

  /** The sessions issued for a role, oldest first. */
  synchronized List<Session> sessions(String roleArn) {
    return List.copyOf(sessionsByRole.getOrDefault(roleArn, List.of()));
  }

  private String randomText(String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
