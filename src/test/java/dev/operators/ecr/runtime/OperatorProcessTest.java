package dev.operators.ecr.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.Test;

class OperatorProcessTest {

  @Test
  void anApiServerOverPlainHttpIsSpokenToInHttp11() {
    Config config = Config.empty();
    config.setMasterUrl("http://127.0.0.1:8080");

    OperatorProcess.plainHttpOneOne(config);

    assertTrue(config.isHttp2Disable());
  }

  @Test
  void anApiServerOverTlsKeepsHttp2() {
    Config config = Config.empty();
    config.setMasterUrl("https://kubernetes.default.svc");

    OperatorProcess.plainHttpOneOne(config);

    assertFalse(config.isHttp2Disable());
  }
}
