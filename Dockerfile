# syntax=docker/dockerfile:1
# The base images are build arguments, so that the image can be built where no registry is
# reachable, from bases made there (docs/install.md, "Building the image yourself").
# Fully qualified, so that podman and buildah, which have no default registry for short names,
# find them where Docker does.
ARG BUILD_IMAGE=docker.io/library/maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=docker.io/library/eclipse-temurin:17-jre
# Where the jar comes from: "build" compiles it in the build stage; "context" takes
# target/ecr-operator.jar from the build context, built beforehand with mvn package. Builders
# skip the stage that is not selected (BuildKit, and buildah by default).
ARG JAR_FROM=build

# Build stage: compiles the operator and produces the runnable jar.
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
# Bundled into the jar: the sandbox applies the examples, and the build checks crds/.
COPY k8s/examples k8s/examples
COPY crds crds
RUN mvn -B -q package -DskipTests

FROM build AS jar-build

# The jar built outside, at the path the build stage leaves it.
FROM scratch AS jar-context
COPY target/ecr-operator.jar /src/target/ecr-operator.jar

# The default repeated: buildah 1.28 picks the stages to build before it applies ARG defaults, and
# would skip jar-build.
FROM jar-${JAR_FROM:-build} AS jar

# Run stage: a JRE only, as an unprivileged user.
FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="ecr-operator" \
      org.opencontainers.image.description="Kubernetes operator for Amazon ECR repositories and their lifecycle policies"
# Not named "operator": Debian and Ubuntu bases already have a group of that name (gid 37).
RUN groupadd --system --gid 65532 ecr-operator \
 && useradd --system --uid 65532 --gid ecr-operator --no-create-home --shell /usr/sbin/nologin ecr-operator
COPY --from=jar /src/target/ecr-operator.jar /opt/ecr-operator/ecr-operator.jar
# Numeric, so that Kubernetes can check runAsNonRoot without reading /etc/passwd; the Deployment
# runs as the same user (k8s/deployment.yaml).
USER 65532:65532
# Heap at 75% of the container's memory limit, the serial collector (one operator thread pool,
# small heap), and exit on OutOfMemoryError so that Kubernetes restarts the pod instead of
# leaving it half alive. Given on the command line rather than in JAVA_TOOL_OPTIONS, which the
# JVM echoes on stderr at every start (a non-JSON line among JSON logs); JAVA_TOOL_OPTIONS stays
# free for your own additions.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/ecr-operator/ecr-operator.jar"]
CMD ["run"]
