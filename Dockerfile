# syntax=docker/dockerfile:1
# Build stage: compiles the operator and produces the runnable jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
# Bundled into the jar: the sandbox applies the examples, and the build checks crds/.
COPY k8s/examples k8s/examples
COPY crds crds
RUN mvn -B -q package -DskipTests

# Run stage: a JRE only, as an unprivileged user.
FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="ecr-operator" \
      org.opencontainers.image.description="Kubernetes operator for Amazon ECR repositories and their lifecycle policies"
RUN groupadd --system --gid 65532 operator \
 && useradd --system --uid 65532 --gid operator --no-create-home --shell /usr/sbin/nologin operator
COPY --from=build /src/target/ecr-operator.jar /opt/ecr-operator/ecr-operator.jar
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
