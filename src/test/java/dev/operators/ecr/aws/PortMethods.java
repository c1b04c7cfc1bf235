package dev.operators.ecr.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every {@link EcrPort} method, found by reflection so that a method added to the port is in every
 * test that goes through this list without the test being edited: each is called with made-up
 * arguments, all in {@link #REGION}.
 */
public final class PortMethods {
  public static final String REGION = "eu-west-1";
  public static final RepositoryRef REF = new RepositoryRef(REGION, "team/app");
  static final ImageManifest MANIFEST =
      new ImageManifest(
          "sha256:" + "ab".repeat(32), "application/vnd.oci.image.manifest.v1+json", "{}");

  static final PullThroughCacheRule RULE =
      new PullThroughCacheRule("quay", "quay.io", "quay", null, null, null);
  static final RepositoryCreationTemplate TEMPLATE =
      new RepositoryCreationTemplate(
          "team", null, List.of("CREATE_ON_PUSH"), null, null, null, null, null, null, null, null);

  private PortMethods() {}

  /** The port's methods that call ECR (every one but static and default methods), by name. */
  public static List<Method> all() {
    return Arrays.stream(EcrPort.class.getMethods())
        .filter(m -> !m.isDefault() && !Modifier.isStatic(m.getModifiers()))
        .sorted(Comparator.comparing(Method::getName))
        .toList();
  }

  /**
   * The ECR operation a method makes, as ECR's API names it: the method's name with a capital,
   * except for the few named after what they make of the answer.
   */
  public static String operation(Method method) {
    return switch (method.getName()) {
      case "describeRepository" -> "DescribeRepositories";
      case "listTags" -> "ListTagsForResource";
      case "countImages" -> "ListImages";
      case "getManifest" -> "BatchGetImage";
      case "tagImage" -> "PutImage";
      case "untagImages" -> "BatchDeleteImage";
      case "describePullThroughCacheRule" -> "DescribePullThroughCacheRules";
      case "describeRepositoryCreationTemplate" -> "DescribeRepositoryCreationTemplates";
      case "registryId", "describeReplication" -> "DescribeRegistry";
      case "putReplication" -> "PutReplicationConfiguration";
      case "getRegistryScanning" -> "GetRegistryScanningConfiguration";
      case "putRegistryScanning" -> "PutRegistryScanningConfiguration";
      case "getSigning" -> "GetSigningConfiguration";
      case "putSigning" -> "PutSigningConfiguration";
      case "deleteSigning" -> "DeleteSigningConfiguration";
      default -> Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1);
    };
  }

  /** Arguments for {@code method} by parameter type: any text is {@link #REGION}. */
  static List<Object> arguments(Method method) {
    List<Object> arguments = new ArrayList<>();
    for (Class<?> type : method.getParameterTypes()) {
      if (type == RepositoryRef.class) {
        arguments.add(REF);
      } else if (type == String.class) {
        arguments.add(REGION);
      } else if (type == boolean.class) {
        arguments.add(true);
      } else if (type == RepositorySettings.class) {
        arguments.add(RepositorySettings.NONE);
      } else if (type == ImageManifest.class) {
        arguments.add(MANIFEST);
      } else if (type == RegistryScanning.class) {
        arguments.add(RegistryScanning.DEFAULT);
      } else if (type == Map.class) {
        arguments.add(Map.of("k", "v"));
      } else if (type == PullThroughCacheRule.class) {
        arguments.add(RULE);
      } else if (type == RepositoryCreationTemplate.class) {
        arguments.add(TEMPLATE);
      } else if (type == List.class || type == Collection.class) {
        arguments.add(List.of("team/app"));
      } else {
        fail("no argument of type " + type + " for EcrPort." + method.getName());
      }
    }
    return arguments;
  }

  /** Calls {@code method} on {@code port} with {@link #arguments}; what it throws comes out. */
  public static Object call(EcrPort port, Method method) {
    try {
      return method.invoke(port, arguments(method).toArray());
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new AssertionError(e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Calls every port method on {@code decorated}, checking that each call reaches {@code next}
   * once, with its arguments, and that its answer comes back; then {@code check} for the method.
   */
  public static void callEach(EcrPort decorated, Recording next, Consumer<Method> check) {
    for (Method method : all()) {
      next.calls.clear();
      Object answer = call(decorated, method);
      assertEquals(
          List.of(new Call(method.getName(), arguments(method))),
          next.calls,
          "EcrPort." + method.getName() + " reaches the next port once, as made");
      if (method.getReturnType().isPrimitive()) {
        assertEquals(next.lastAnswer, answer, "EcrPort." + method.getName() + "'s answer");
      } else {
        assertSame(next.lastAnswer, answer, "EcrPort." + method.getName() + "'s answer");
      }
      check.accept(method);
    }
  }

  /** One call a {@link Recording} received. */
  public record Call(String method, List<Object> arguments) {}

  /**
   * A port that records its calls and answers each with a new value of the method's return type, or
   * throws {@link #failure} when it is set.
   */
  public static final class Recording implements InvocationHandler {
    public final List<Call> calls = new ArrayList<>();
    public RuntimeException failure;
    private Object lastAnswer;

    public EcrPort port() {
      return (EcrPort)
          Proxy.newProxyInstance(
              EcrPort.class.getClassLoader(), new Class<?>[] {EcrPort.class}, this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      if (method.getDeclaringClass() == Object.class) {
        throw new UnsupportedOperationException(method.getName());
      }
      calls.add(new Call(method.getName(), args == null ? List.of() : Arrays.asList(args)));
      if (failure != null) {
        throw failure;
      }
      lastAnswer = answer(method);
      return lastAnswer;
    }

    private static Object answer(Method method) {
      Class<?> type = method.getReturnType();
      if (type == void.class) {
        return null;
      } else if (type == boolean.class) {
        return true;
      } else if (type == long.class) {
        return 7L;
      } else if (type == Optional.class) {
        return Optional.of(new Object());
      } else if (type == Map.class) {
        return new HashMap<>();
      } else if (type == List.class) {
        return new ArrayList<>();
      } else if (type == String.class) {
        return "answer-" + java.util.UUID.randomUUID();
      } else if (type == RegistryScanning.class) {
        return new RegistryScanning("ENHANCED", List.of());
      } else if (type == ImagePage.class) {
        return new ImagePage(List.of(), null);
      } else if (type == PullThroughCacheValidation.class) {
        return new PullThroughCacheValidation(false, "unreachable");
      } else if (type == RepositoryInfo.class) {
        return new RepositoryInfo(
            "team/app", "arn", "uri", "123456789012", null, "MUTABLE", List.of(), false, null);
      }
      throw new AssertionError("no answer of type " + type + " for EcrPort." + method.getName());
    }
  }
}
