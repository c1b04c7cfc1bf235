package dev.operators.ecr.inuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EcrImageTest {
  private static final String DIGEST =
      "sha256:4f2a9c01d3b5e7f8a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // reference | account | region | repository | tag | digest
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.2|123456789012|eu-west-1|api|1.2|-",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api|123456789012|eu-west-1|team/api|latest|-",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/a/b/c:v_1.0-rc"
            + "|123456789012|us-east-1|a/b/c|v_1.0-rc|-",
        "123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/api:1|123456789012|us-gov-west-1|api|1|-",
        "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/api:1|123456789012|cn-north-1|api|1|-",
        "123456789012.dkr.ecr-fips.us-east-2.amazonaws.com/api:1|123456789012|us-east-2|api|1|-",
        "123456789012.dkr-ecr.eu-central-1.on.aws/api:1|123456789012|eu-central-1|api|1|-",
        "123456789012.dkr-ecr-fips.us-east-2.on.aws/api:1|123456789012|us-east-2|api|1|-",
        "123456789012.DKR.ECR.EU-WEST-1.AMAZONAWS.COM/api:1|123456789012|eu-west-1|api|1|-",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com:443/api:1|123456789012|eu-west-1|api|1|-",
      })
  void readsAReferenceByTag(
      String reference, String account, String region, String repository, String tag, String d) {
    assertEquals(
        Optional.of(new EcrImage(account, region, repository, tag, d)), EcrImage.parse(reference));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@|-",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.2@|1.2",
      })
  void readsAReferenceByDigestWithOrWithoutATag(String prefix, String tag) {
    assertEquals(
        Optional.of(new EcrImage("123456789012", "eu-west-1", "api", tag, DIGEST)),
        EcrImage.parse(prefix + DIGEST));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        // not ECR
        "nginx",
        "nginx:1.25",
        "library/nginx:1.25",
        "docker.io/library/nginx:1.25",
        "ghcr.io/team/api:1",
        "localhost:5000/api:1",
        "public.ecr.aws/team/api:1",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example/api:1",
        "evil.example/123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1",
        "12345678901.dkr.ecr.eu-west-1.amazonaws.com/api:1",
        "1234567890123.dkr.ecr.eu-west-1.amazonaws.com/api:1",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com:5000/api:1",
        "123456789012.dkr.ecr.cn-north-1.amazonaws.com/api:1",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com.cn/api:1",
        "123456789012.dkr.ecr.eu-west.amazonaws.com/api:1",
        "123456789012.ecr.eu-west-1.amazonaws.com/api:1",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/a:1",
        // malformed
        "",
        " ",
        ":",
        "@",
        "/",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/:1",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:abc",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:"
            + "4F2A9C01D3B5E7F8A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@md5:0123456789abcdef",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/API:1",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team//api:1",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:.1",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1:2",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:tag with space",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/-api:1",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api.:1",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api/:1",
        "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:x@sha256:y",
      })
  void anythingElseIsNotEcr(String reference) {
    assertEquals(Optional.empty(), EcrImage.parse(reference));
  }

  @ParameterizedTest(name = "[{index}]")
  @ValueSource(ints = {1, 7, 64, 129, 300, 5000})
  void longOrOddInputNeverThrows(int length) {
    String tag = "a".repeat(length);
    Optional<EcrImage> image =
        EcrImage.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:" + tag);
    assertEquals(length <= 128, image.isPresent());
    assertTrue(EcrImage.parse(null).isEmpty());
    assertTrue(EcrImage.parse("\u0000/\uffff:@").isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "123456789012.dkr-ecr.eu-central-1.on.aws/api:1"
            + "|123456789012.dkr.ecr.eu-central-1.amazonaws.com/api:1",
        "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/team/api"
            + "|123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/team/api:latest",
      })
  void writesTheReferenceOnTheIpv4Host(String reference, String written) {
    assertEquals(written, EcrImage.parse(reference).orElseThrow().toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "123456789012|eu-west-1|team/api|true",
        "123456789012|eu-west-1|team/ap|false",
        "123456789012|eu-west-2|team/api|false",
        "210987654321|eu-west-1|team/api|false",
      })
  void isInOneRepository(String account, String region, String repository, boolean in) {
    EcrImage image =
        EcrImage.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:1").get();
    assertEquals(in, image.in(account, region, repository));
  }
}
