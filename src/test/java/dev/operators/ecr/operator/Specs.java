package dev.operators.ecr.operator;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.api.LifecyclePolicySpec;
import dev.operators.ecr.api.LifecycleRule;
import dev.operators.ecr.api.RuleAction;
import dev.operators.ecr.api.RuleSelection;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** EcrRepository resources for the tests. */
final class Specs {
  private Specs() {}

  static EcrRepository repository(String namespace, String name, LifecyclePolicySpec policy) {
    EcrRepository r = new EcrRepository();
    r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    EcrRepositorySpec spec = new EcrRepositorySpec();
    spec.setRepositoryName(namespace + "/" + name);
    spec.setLifecyclePolicy(policy);
    r.setSpec(spec);
    return r;
  }

  static EcrRepository deletable(
      String namespace, String name, LifecyclePolicySpec policy, boolean force) {
    EcrRepository r = repository(namespace, name, policy);
    r.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    r.getSpec().setForceDelete(force);
    return r;
  }

  /** A shared policy keeping {@code n} untagged images; {@code isDefault} annotates it. */
  static dev.operators.ecr.api.EcrLifecyclePolicy sharedPolicy(
      String name, long n, boolean isDefault) {
    var policy = new dev.operators.ecr.api.EcrLifecyclePolicy();
    var meta = new ObjectMetaBuilder().withName(name);
    if (isDefault) {
      meta.addToAnnotations(dev.operators.ecr.api.EcrLifecyclePolicy.DEFAULT_ANNOTATION, "true");
    }
    policy.setMetadata(meta.build());
    policy.setSpec(keepUntagged(n));
    return policy;
  }

  /** A repository that takes its policy from the shared policy {@code policyName}. */
  static EcrRepository referencing(String namespace, String name, String policyName) {
    EcrRepository r = repository(namespace, name, null);
    r.getSpec().setLifecyclePolicyRef(new dev.operators.ecr.api.LifecyclePolicyRef(policyName));
    return r;
  }

  /** The founding policy: keep {@code n} untagged images, expire all others. */
  static LifecyclePolicySpec keepUntagged(long n) {
    return policy(rule(1, "untagged", null, "imageCountMoreThan", null, n));
  }

  static LifecyclePolicySpec policy(LifecycleRule... rules) {
    LifecyclePolicySpec p = new LifecyclePolicySpec();
    p.setRules(List.of(rules));
    return p;
  }

  static LifecycleRule rule(
      Integer priority,
      String tagStatus,
      List<String> patterns,
      String countType,
      String countUnit,
      long countNumber) {
    RuleSelection s = new RuleSelection();
    s.setTagStatus(tagStatus);
    s.setTagPatternList(patterns);
    s.setCountType(countType);
    s.setCountUnit(countUnit);
    s.setCountNumber(countNumber);
    RuleAction a = new RuleAction();
    a.setType("expire");
    LifecycleRule rule = new LifecycleRule();
    rule.setRulePriority(priority);
    rule.setSelection(s);
    rule.setAction(a);
    return rule;
  }
}
