package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The settings of one registry (one account in one region) as ECR's answers carry them: rules are
 * kept as the JSON shapes they are answered in. Guarded by the state lock.
 */
final class RegistrySettings {
  static final String BASIC = "BASIC";

  private ArrayNode replicationRules = Shapes.array();
  private String scanType = BASIC;
  private ArrayNode scanningRules = Shapes.array();
  private String policyText;
  private ArrayNode signingRules;
  private final Map<String, Instant> exclusions = new TreeMap<>();

  /** The replication rules; none until a configuration is put. */
  ArrayNode replicationRules() {
    return replicationRules.deepCopy();
  }

  void setReplicationRules(ArrayNode rules) {
    replicationRules = rules.deepCopy();
  }

  /** BASIC until a scanning configuration is put. */
  String scanType() {
    return scanType;
  }

  ArrayNode scanningRules() {
    return scanningRules.deepCopy();
  }

  void setScanning(String type, ArrayNode rules) {
    scanType = type;
    scanningRules = rules.deepCopy();
  }

  /** The registry policy in ECR's layout; empty when there is none. */
  Optional<String> policyText() {
    return Optional.ofNullable(policyText);
  }

  /** Null removes the policy. */
  void setPolicyText(String text) {
    policyText = text;
  }

  /** The signing rules; empty when no signing configuration is set. */
  Optional<ArrayNode> signingRules() {
    return Optional.ofNullable(signingRules).map(ArrayNode::deepCopy);
  }

  /** Null removes the signing configuration. */
  void setSigningRules(ArrayNode rules) {
    signingRules = rules == null ? null : rules.deepCopy();
  }

  /** The principals whose pulls are not recorded, and when each was registered; by ARN. */
  Map<String, Instant> exclusions() {
    return exclusions;
  }
}
