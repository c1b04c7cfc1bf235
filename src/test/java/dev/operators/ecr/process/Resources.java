package dev.operators.ecr.process;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.LifecyclePolicySpec;
import dev.operators.ecr.api.LifecycleRule;
import dev.operators.ecr.api.RuleAction;
import dev.operators.ecr.api.RuleSelection;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the chaos suite and the benchmark create and wait for, as a user would. */
public final class Resources {
  private Resources() {}

  /** Keep {@code n} untagged images, expire all others (with n = 1: the founding policy). */
  public static LifecyclePolicySpec keepUntagged(long n) {
    RuleSelection selection = new RuleSelection();
    selection.setTagStatus("untagged");
    selection.setCountType("imageCountMoreThan");
    selection.setCountNumber(n);
    RuleAction action = new RuleAction();
    action.setType("expire");
    LifecycleRule rule = new LifecycleRule();
    rule.setRulePriority(1);
    rule.setSelection(selection);
    rule.setAction(action);
    LifecyclePolicySpec policy = new LifecyclePolicySpec();
    policy.setRules(List.of(rule));
    return policy;
  }

  /** Ready=True, with the status and the condition both at the resource's current generation. */
  public static boolean readyAtGeneration(EcrRepository r) {
    if (r.getStatus() == null) {
      return false;
    }
    Long generation = r.getMetadata().getGeneration();
    Condition ready = Conditions.find(r.getStatus().getConditions(), Conditions.READY);
    return generation.equals(r.getStatus().getObservedGeneration())
        && ready != null
        && "True".equals(ready.getStatus())
        && generation.equals(ready.getObservedGeneration());
  }
}
